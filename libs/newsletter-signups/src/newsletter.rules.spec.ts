import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmationMail, newsletterLinks } from './newsletter.mails.js';
import {
  CONFIRMATION_TTL_MS,
  canonicalEmail,
  confirmationMailDecision,
  confirmationTokenState,
  csvCell,
  isFormulaCell,
  csvRow,
  hashIp,
  planSignup,
  reportRange,
  unsubscribeTargets,
} from './newsletter.rules.js';

describe('canonicalEmail', () => {
  it('trims, lower-cases and NFC-normalizes', () => {
    expect(canonicalEmail('  Reader.Name+News@Example.ORG \n')).toBe('reader.name+news@example.org');
    expect(canonicalEmail('o\u0301scar@example.org')).toBeNull(); // non-ASCII local parts are refused
    expect(canonicalEmail('x@XN--BCHER-KVA.example')).toBe('x@xn--bcher-kva.example');
  });

  it.each([
    '',
    'plain',
    '@example.org',
    'reader@',
    'reader@localhost',
    'reader@example',
    'two@@example.org',
    'a@b@example.org',
    '.dot@example.org',
    'dot.@example.org',
    'do..t@example.org',
    '"quoted"@example.org',
    'space in@example.org',
    'reader@-example.org',
    'reader@example-.org',
    'reader@example..org',
    'reader@[127.0.0.1]',
    'reader@example.c0m',
    'reader@example.org\r\nBcc: x@y.org',
    `${'a'.repeat(65)}@example.org`,
    `a@${'b'.repeat(250)}.org`,
  ])('refuses %j', (raw) => {
    expect(canonicalEmail(raw)).toBeNull();
  });

  it('is idempotent and canonical for any case or padding', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,20}(\.[a-z0-9+_-]{1,10})?@[a-z]{1,12}\.(org|com|de)$/), fc.boolean(), fc.nat(3), (email, upper, pad) => {
        const raw = `${' '.repeat(pad)}${upper ? email.toUpperCase() : email}${' '.repeat(pad)}`;
        const c = canonicalEmail(raw);
        expect(c).toBe(email);
        expect(canonicalEmail(c!)).toBe(c);
      }),
    );
  });
});

describe('planSignup', () => {
  it('inserts new lists, reactivates unsubscribed ones, leaves pending and confirmed alone', () => {
    const plan = planSignup(
      [
        { listId: 'a', status: 'pending' },
        { listId: 'b', status: 'confirmed' },
        { listId: 'c', status: 'unsubscribed' },
      ],
      ['a', 'b', 'c', 'd', 'd'],
    );
    expect(plan).toEqual({ insert: ['d'], reactivate: ['c'], stillPending: ['a'], confirmed: ['b'] });
  });
});

describe('confirmation mail decision', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it('sends the first mail, and again once the interval has passed', () => {
    expect(confirmationMailDecision(null, false, now, 900_000)).toEqual({ action: 'send', at: now });
    expect(confirmationMailDecision(ago(900_000), true, now, 900_000)).toEqual({ action: 'send', at: now });
  });
  it('within the interval joins the open token, or waits without one', () => {
    expect(confirmationMailDecision(ago(60_000), true, now, 900_000)).toEqual({ action: 'join' });
    // issue 17 (also found): throttled, never dropped: the mail is due when the interval ends
    expect(confirmationMailDecision(ago(60_000), false, now, 900_000)).toEqual({ action: 'send', at: new Date(now.getTime() + 840_000) });
  });
});

describe('confirmation tokens', () => {
  const created = new Date('2026-03-01T12:00:00Z');
  const expiresAt = new Date(created.getTime() + CONFIRMATION_TTL_MS);
  it('are valid for 24 hours, then expired', () => {
    expect(CONFIRMATION_TTL_MS).toBe(86_400_000);
    expect(confirmationTokenState({ usedAt: null, expiresAt }, new Date(expiresAt.getTime() - 1))).toBe('valid');
    expect(confirmationTokenState({ usedAt: null, expiresAt }, expiresAt)).toBe('expired');
  });
  it('work once: a used token stays used, before and after expiry', () => {
    const usedAt = new Date(created.getTime() + 1000);
    expect(confirmationTokenState({ usedAt, expiresAt }, usedAt)).toBe('used');
    expect(confirmationTokenState({ usedAt, expiresAt }, new Date(expiresAt.getTime() + 1))).toBe('used');
  });
});

describe('unsubscribeTargets', () => {
  const subs = [
    { listId: 'a', status: 'confirmed' as const },
    { listId: 'b', status: 'pending' as const },
    { listId: 'c', status: 'unsubscribed' as const },
  ];
  it('takes one list or all active ones, never already-unsubscribed ones', () => {
    expect(unsubscribeTargets(subs).map((s) => s.listId)).toEqual(['a', 'b']);
    expect(unsubscribeTargets(subs, 'b').map((s) => s.listId)).toEqual(['b']);
    expect(unsubscribeTargets(subs, 'c')).toEqual([]);
    expect(unsubscribeTargets(subs, 'gone')).toEqual([]);
  });
});

/** A strict RFC 4180 reader, to check the writer against. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 2;
    } else if (quoted && ch === '"') {
      quoted = false;
      i++;
    } else if (!quoted && ch === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      cell += ch;
      i++;
    }
  }
  return rows;
}

describe('CSV', () => {
  it('quotes cells with quotes, commas and line breaks, and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvRow(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('round-trips any row through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', '=', '+', '-', '@', 'é') }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [parsed] = parseCsv(csvRow(cells));
        expect(parsed).toEqual(cells.map((c) => (isFormulaCell(c) ? `'${c}` : c)));
      }),
    );
  });

  it('issue 17 item 21: guards after trimming and NFKC, in every part a separator could split off', () => {
    for (const payload of [' =1+1', '\u00a0=1+1', '＝1+1', '＋1', '＠SUM(A1)', 'x;=1+1', 'a; -2+3', 'name\t=cmd', 'a,=1', '\u200b=1']) {
      expect(isFormulaCell(payload), JSON.stringify(payload)).toBe(true);
      expect(csvCell(payload), JSON.stringify(payload)).toBe(`"'${payload.replace(/"/g, '""')}"`);
    }
    for (const fine of ['a=1', 'Tom & Jerry', 'x; y', '2+2=4', 'user@example.org']) expect(isFormulaCell(fine), fine).toBe(false);
    expect(csvCell('x; y')).toBe('"x; y"');
  });
});

describe('hashIp', () => {
  it('is keyed: stable for one key, different across keys, never the address', () => {
    const a = hashIp('203.0.113.7', 'k1');
    expect(a).toBe(hashIp('203.0.113.7', 'k1'));
    expect(a).not.toBe(hashIp('203.0.113.7', 'k2'));
    expect(a).not.toContain('203.0.113.7');
    expect(hashIp(null, 'k1')).toBeNull();
  });
});

describe('reportRange', () => {
  const now = new Date('2026-03-15T10:00:00Z');
  it('defaults to the last 30 days, to inclusive', () => {
    expect(reportRange(undefined, undefined, now)).toEqual({ from: new Date('2026-02-14T00:00:00Z'), to: new Date('2026-03-16T00:00:00Z') });
    expect(reportRange('2026-03-01', '2026-03-01', now)).toEqual({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') });
  });
  it('refuses reversed, malformed and over-long ranges', () => {
    expect(reportRange('2026-03-02', '2026-03-01', now)).toHaveProperty('error');
    expect(reportRange('2026-13-45', undefined, now)).toHaveProperty('error');
    expect(reportRange('2024-01-01', '2026-01-01', now)).toHaveProperty('error');
  });
});

describe('confirmation mail', () => {
  it('carries the confirm link and RFC 8058 one-click headers, with HTML escaped', () => {
    const base = 'https://mag.example';
    const mail = confirmationMail({
      to: 'r@example.org',
      listNames: ['Weekly <round-up>'],
      confirmUrl: newsletterLinks.confirm(base, 'tok_1'),
      unsubscribePageUrl: newsletterLinks.unsubscribePage(base, 'unsub_1'),
      oneClickUrl: newsletterLinks.oneClick(base, 'unsub_1', '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa'),
    });
    expect(mail.text).toContain('https://mag.example/newsletter/confirm?token=tok_1');
    expect(mail.html).toContain('Weekly &lt;round-up&gt;');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<https://mag.example/v1/content/newsletter/unsubscribe/one-click?token=unsub_1&list=7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail.category).toBe('newsletter.confirmation');
  });
});
