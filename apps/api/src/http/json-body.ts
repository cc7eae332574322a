import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError, type ErrorDetail } from '#libs/kernel';

/** No request body of this API nests deeper than a few levels; 32 leaves ample room. */
export const MAX_JSON_DEPTH = 32;

// U+0000 cannot be stored in a Postgres text or jsonb value; a lone UTF-16 surrogate is not a
// character at all (it would be stored as U+FFFD, so what was accepted would not be what is read).
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (s: string): boolean => !BAD_TEXT.test(s);

const MAX_PROBLEMS = 20;

/**
 * Checks a parsed body without recursion (a hostile body may nest thousands of levels): depth
 * at most MAX_JSON_DEPTH, every key and string storable. Returns the problems found (at most
 * MAX_PROBLEMS), each naming its field, so a client can fix them all in one round.
 */
export function jsonProblems(value: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length && problems.length < MAX_PROBLEMS) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) problems.push({ field: path || undefined, code: 'invalidText', message: 'Text must not contain NUL characters or unpaired surrogates.' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push({ field: path || undefined, code: 'tooDeep', message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels.` });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, depth: depth + 1, path: `${path}[${i}]` }));
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) problems.push({ field: undefined, code: 'invalidText', message: 'Keys must not contain NUL characters or unpaired surrogates.' });
      else stack.push({ v: item, depth: depth + 1, path: at });
    }
  }
  return problems;
}

const invalid = (details: ErrorDetail[]) => new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', details);

/**
 * The application/json parser: Fastify's prototype-poisoning-safe parse, then the checks above,
 * so a bad body is a 400 before any handler runs instead of a database error after it.
 */
export async function jsonBodyParser(_req: FastifyRequest, body: Buffer): Promise<unknown> {
  // async on purpose: the framework takes the parsed body from the promise (a plain return is lost)
  const text = body.toString('utf8');
  if (text.trim() === '') throw Object.assign(new Error('empty JSON body'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY' });
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw Object.assign(new Error('invalid JSON body'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  }
  const problems = jsonProblems(parsed);
  if (problems.length) throw invalid(problems);
  return parsed;
}

/** The same text rule for query strings and path parameters (e.g. `?q=%00`). */
export function installTextGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (req) => {
    for (const source of [req.query, req.params]) {
      if (!source || typeof source !== 'object') continue;
      for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
        const values = Array.isArray(v) ? v : [v];
        if (!isStorableText(k) || values.some((x) => typeof x === 'string' && !isStorableText(x))) {
          throw invalid([{ field: k, code: 'invalidText', message: 'Text must not contain NUL characters or unpaired surrogates.' }]);
        }
      }
    }
  });
}
