import { describe, expect, it } from 'vitest';
import { isStorableText, jsonBodyParser, jsonProblems, MAX_JSON_DEPTH } from './json-body.js';

const parse = (text: string) => jsonBodyParser({} as never, Buffer.from(text));
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('JSON request bodies', () => {
  it('accepts ordinary bodies, including astral characters', async () => {
    await expect(parse('{"headline":"Kyiv 🇺🇦 – 𝕏","tags":["a"]}')).resolves.toEqual({ headline: 'Kyiv 🇺🇦 – 𝕏', tags: ['a'] });
  });
  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, without recursion for 100,000 levels`, async () => {
    await expect(parse(nested(MAX_JSON_DEPTH))).resolves.toBeTruthy();
    await expect(parse(nested(MAX_JSON_DEPTH + 1))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ code: 'tooDeep' }] });
    expect(jsonProblems(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toHaveLength(1);
  });
  it('refuses NUL and unpaired surrogates in values and keys, naming every field', async () => {
    await expect(parse('{"name":"a\\u0000b","bio":"\\ud800","ok":"x"}')).rejects.toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'bio' })]),
    });
    await expect(parse('{"a\\u0000":1}')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(isStorableText('\ud83d\ude00')).toBe(true);
    expect(isStorableText('\ude00\ud83d')).toBe(false);
  });
  it('maps malformed, empty and prototype-polluting bodies to the parser error codes', async () => {
    await expect(parse('{"a":')).rejects.toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    await expect(parse('  ')).rejects.toMatchObject({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY' });
    await expect(parse('{"__proto__":{"x":1}}')).rejects.toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });
});
