import { describe, expect, it } from 'vitest';
import { isLocalName, isPublicAddress } from './address.rules.js';

describe('isPublicAddress (item 17: SSRF)', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:8.8.8.8',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '2001:db8::1',
    'localhost',
    'example.com',
    '',
    '1.2.3',
    '999.1.1.1',
  ])('refuses %s', (a) => expect(isPublicAddress(a)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '2a00:1450:4001:81b::200e', '[2001:4860:4860::8888]'])(
    'accepts %s',
    (a) => expect(isPublicAddress(a)).toBe(true),
  );
});

describe('isLocalName', () => {
  it('treats a trailing dot as the same name, and private literals as local', () => {
    for (const h of ['localhost', 'localhost.', 'LOCALHOST..', 'a.localhost', 'printer.local', 'db.internal', '127.0.0.1', '[::1]', '10.0.0.1', '::ffff:127.0.0.1'])
      expect(isLocalName(h), h).toBe(true);
    for (const h of ['example.com', 'hooks.example.org.', '8.8.8.8']) expect(isLocalName(h), h).toBe(false);
  });
});
