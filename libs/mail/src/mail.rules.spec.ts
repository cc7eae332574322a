import { describe, expect, it } from 'vitest';
import { DomainError } from '#libs/kernel';
import { domainOfAddress, emlFileName, messageIdFor, parseMailSendPayload } from './mail.rules.js';

const valid = { to: 'reader@example.org', subject: 'Confirm', text: 'Click', category: 'newsletter.confirmation' };

describe('parseMailSendPayload', () => {
  it('keeps a valid payload and passes custom headers through', () => {
    const headers = { 'List-Unsubscribe': '<https://x.example/u?t=1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    expect(parseMailSendPayload({ ...valid, headers })).toEqual({ ...valid, headers });
  });

  it.each([
    ['missing to', { ...valid, to: undefined }],
    ['two recipients', { ...valid, to: 'a@x.example, b@x.example' }],
    ['header injection in subject', { ...valid, subject: 'Hi\r\nBcc: victim@x.example' }],
    ['header injection in a header value', { ...valid, headers: { 'X-A': 'a\nBcc: v@x.example' } }],
    ['a reserved header', { ...valid, headers: { From: 'boss@x.example' } }],
    ['a bad category', { ...valid, category: 'Newsletter Confirmation' }],
    ['not an object', 'mail'],
  ])('refuses %s', (_name, payload) => {
    expect(() => parseMailSendPayload(payload)).toThrow(DomainError);
  });
});

describe('message ids and files', () => {
  it('derives the Message-ID from the outbox id and the sender domain', () => {
    expect(domainOfAddress('Newsroom <newsletter@Mag.Example>')).toBe('mag.example');
    expect(domainOfAddress('plain@news.example')).toBe('news.example');
    expect(domainOfAddress('nobody')).toBe('localhost');
    const id = '0b6f4c1e-2d3a-4c5b-8e9f-001122334455';
    expect(messageIdFor(id, 'N <n@mag.example>')).toBe(`<${id}@mag.example>`);
    expect(messageIdFor(id, 'N <n@mag.example>')).toBe(messageIdFor(id, 'N <n@mag.example>'));
  });

  it('names one safe file per message', () => {
    expect(emlFileName('newsletter.confirmation', '<abc-1@mag.example>')).toBe('newsletter.confirmation-abc-1.eml');
    expect(emlFileName('x', '<../../etc/passwd@m>')).not.toContain('/');
  });
});
