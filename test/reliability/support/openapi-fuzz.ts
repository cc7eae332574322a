import fc from 'fast-check';

/**
 * Request generation from the OpenAPI document: a body that follows an operation's request
 * schema (enums, formats, required fields, bounds), then often mutated: wrong types, missing
 * and unknown fields, huge and hostile strings, nulls, nested junk, malformed JSON, the wrong
 * content type. Ids are placeholders (`@@pool:n@@`) resolved when the request is sent, against
 * the ids that exist at that moment, so a generated request can reach real rows.
 */

// A loose OpenAPI 3 schema object (the document nest/swagger writes).
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

export type BodyKind = 'json' | 'multipart' | 'form' | 'none';

export interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /v1/admin/articles/{id} */
  path: string;
  pathParams: string[];
  headerParams: { name: string; required: boolean }[];
  queryParams: { name: string; schema?: Schema }[];
  bodyKind: BodyKind;
  bodySchema?: Schema;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** Every write operation of the document under the given path prefixes. */
export function writeOperations(doc: OpenApiDoc, prefixes: string[]): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!prefixes.some((p) => path === p || path.startsWith(`${p}/`))) continue;
    for (const m of WRITE_METHODS) {
      const op = ops[m];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      const bodyKind: BodyKind = !type ? 'none' : type.includes('multipart') ? 'multipart' : type.includes('urlencoded') ? 'form' : 'json';
      out.push({
        method: m.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        headerParams: params.filter((p) => p.in === 'header').map((p) => ({ name: p.name, required: Boolean(p.required) })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        bodyKind,
        bodySchema: type ? content[type]!.schema : undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- placeholders

/** `@@pool:<kind>:<n>@@`: the n-th (mod size) existing id of that kind ('' = any kind). */
export const POOL_REF = /@@pool:([a-z-]*):(\d+)@@/g;
export const ETAG_REF = '@@etag@@';
export const poolRef = (kind = '') => fc.nat({ max: 1_000_000 }).map((n) => `@@pool:${kind}:${n}@@`);

/** The kind of row a field names, by its name (sectionId -> sections, ...). */
export function kindOfField(name: string): string {
  const rules: [RegExp, string][] = [
    [/section/i, 'sections'],
    [/typeid/i, 'article-types'],
    [/tag/i, 'tags'],
    [/byline|contributor|^intoId$/i, 'contributors'],
    [/image/i, 'images'],
    [/photographer|agency|provider/i, 'credit-parties'],
    [/^lists?$/, 'lists'],
    [/consent/i, 'consent-texts'],
    [/campaign/i, 'donation-campaigns'],
    [/variant/i, 'variants'],
    [/account/i, 'accounts'],
    [/article/i, 'articles'],
  ];
  return rules.find(([re]) => re.test(name))?.[1] ?? '';
}

/** The kind of row a path parameter names: the collection segment before it. */
export function kindOfPathParam(path: string, param: string): string {
  const segments = path.split('/');
  const i = segments.indexOf(`{${param}}`);
  const before = segments[i - 1] ?? '';
  return before.startsWith('{') ? '' : before;
}

// ---------------------------------------------------------------- junk

/** Hostile strings: vendored corpus entries plus generated unicode. */
export function hostileString(corpus: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...corpus) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, // lone surrogates, NUL, controls
    { weight: 1, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e', '\ufeff', '%00', '\r\n', ' ', '') },
    { weight: 1, arbitrary: fc.nat({ max: 300 }).map((n) => `${'𝕏'.repeat(n)}`) },
  );
}

const hugeString = fc.constantFrom(5_000, 70_000, 300_000, 1_200_000).chain((n) => fc.constantFrom('a', '\u0000', '<', 'é', '😀', ' ').map((c) => c.repeat(n)));

const deepNest = fc
  .constantFrom(50, 1_000, 20_000)
  .chain((depth) =>
    fc
      .constantFrom('array', 'object')
      .map((kind) => ({ __rawJson: kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` })),
  );

export function junkValue(corpus: readonly string[]): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, 0.5, Number.MAX_SAFE_INTEGER),
    hostileString(corpus),
    fc.constantFrom('true', 'false', 'null', '1', '-1', '1e9', 'NaN', 'Infinity', '2026-13-45T25:61:61Z', '0000-00-00', 'not-a-uuid', '00000000-0000-0000-0000-000000000000'),
    poolRef(),
  );
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
    {
      weight: 2,
      arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', '$gt')), scalar, {
        maxKeys: 4,
      }),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: false }) },
    { weight: 1, arbitrary: hugeString },
  );
}

// ---------------------------------------------------------------- valid-ish values from a schema

export interface GenContext {
  doc: OpenApiDoc;
  corpus: readonly string[];
}

function resolve(s: Schema, ctx: GenContext): Schema {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    if (cur.$ref) {
      const name = cur.$ref.split('/').pop()!;
      cur = { ...ctx.doc.components?.schemas?.[name], nullable: cur.nullable ?? ctx.doc.components?.schemas?.[name]?.nullable };
      continue;
    }
    if (cur.allOf?.length === 1 && !cur.properties) {
      cur = { ...cur.allOf[0]!, nullable: cur.nullable, allOf: undefined };
      continue;
    }
    break;
  }
  return cur;
}

const looksLikeId = (name: string) => /(^id$|Id$|Ids$|^list$|^lists$|^into)/.test(name);

function stringFor(name: string, s: Schema, ctx: GenContext): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const max = s.maxLength ?? 200;
  const min = s.minLength ?? 0;
  if (s.format === 'uuid' || looksLikeId(name)) {
    return fc.oneof({ weight: 6, arbitrary: poolRef(kindOfField(name)) }, { weight: 1, arbitrary: poolRef() }, { weight: 2, arbitrary: fc.uuid() });
  }
  if (s.format === 'date-time' || /At$|Until$|^at$|^from$|^to$/.test(name)) {
    return fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t).toISOString());
  }
  if (/email/i.test(name))
    return fc.oneof(
      fc.emailAddress(),
      fc.nat({ max: 1e6 }).map((n) => `fuzz-${n}@test.example`),
    );
  if (/url|href|page/i.test(name)) {
    return fc.oneof(
      fc.webUrl({ validSchemes: ['https'] }),
      fc.constantFrom('https://ok.example/path', 'http://127.0.0.1:9/hook', 'https://bsky.app/profile/jane.example.org', 'https://donate.example.org/x', '/relative/page'),
    );
  }
  if (/password/i.test(name)) return fc.string({ minLength: 12, maxLength: 40 });
  if (/refresh/i.test(name))
    return fc.oneof({ weight: 3, arbitrary: poolRef('refresh-tokens') }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{10,50}$/) });
  if (/token/i.test(name)) return fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/), fc.string({ maxLength: 80 }));
  if (/slug/i.test(name)) return fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}$/);
  if (/html/i.test(name)) {
    return fc.oneof(
      fc.array(fc.lorem({ maxCount: 12 }), { minLength: 1, maxLength: 4 }).map((ps) => ps.map((p) => `<p>${p}</p>`).join('')),
      hostileString(ctx.corpus),
    );
  }
  return fc.oneof(
    { weight: 5, arbitrary: fc.lorem({ maxCount: 6 }).map((t) => t.slice(0, max).padEnd(min, 'x')) },
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 80) }) },
    { weight: 2, arbitrary: hostileString(ctx.corpus) },
  );
}

function numberFor(s: Schema): fc.Arbitrary<number> {
  const min = s.minimum ?? -5;
  const max = s.maximum ?? 10_000;
  return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) });
}

/** A value that follows the schema (mostly): what a well-behaved client would send. */
export function validValue(schema: Schema, ctx: GenContext, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  const base = ((): fc.Arbitrary<unknown> => {
    if (depth > 6) return fc.constant(null);
    if (s.oneOf?.length || s.anyOf?.length) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => validValue(x, ctx, name, depth + 1)));
    if (s.allOf?.length)
      return validValue(
        {
          type: 'object',
          properties: Object.assign({}, ...s.allOf.map((x) => resolve(x, ctx).properties ?? {})),
          required: s.allOf.flatMap((x) => resolve(x, ctx).required ?? []),
        },
        ctx,
        name,
        depth + 1,
      );
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'string':
        return stringFor(name, s, ctx);
      case 'number':
      case 'integer':
        return numberFor(s);
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = s.items ? validValue(s.items, ctx, name.replace(/s$/, ''), depth + 1) : fc.string();
        return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
      }
      case 'object': {
        if (!s.properties) {
          // nest/swagger writes `type: object` for some nullable scalars: treat by name
          return s.format === 'uuid' || looksLikeId(name) ? stringFor(name, { format: 'uuid' }, ctx) : stringFor(name, { type: 'string', maxLength: s.maxLength }, ctx);
        }
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(s.properties)) model[k] = validValue(v, ctx, k, depth + 1);
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      }
      default:
        return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
    }
  })();
  return s.nullable ? fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

// ---------------------------------------------------------------- mutations

type Mutation = (value: unknown, rnd: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A body derived from a valid one: one to three mutations deep. */
export function mutatedValue(schema: Schema, ctx: GenContext): fc.Arbitrary<unknown> {
  const junk = junkValue(ctx.corpus);
  const s = resolve(schema, ctx);
  const required = s.required ?? [];
  const mutations: Mutation[] = [
    // drop a required (or any) field
    (v) =>
      isObject(v) && Object.keys(v).length
        ? fc.constantFrom(...(required.filter((k) => k in v).length ? required.filter((k) => k in v) : Object.keys(v))).map((k) => omit(v, k))
        : fc.constant(v),
    // an unknown field
    (v) =>
      fc
        .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('id', 'status', 'role', 'version', 'ownerId', 'isAdmin', 'createdAt', 'deletedAt')), junk)
        .map(([k, j]) => (isObject(v) ? { ...v, [k]: j } : { [k]: j })),
    // a field of the wrong type (or null, or junk)
    (v) =>
      isObject(v) && Object.keys(v).length
        ? fc.tuple(fc.constantFrom(...Object.keys(v)), junk).map(([k, j]) => ({ ...v, [k]: j }))
        : fc.tuple(fc.constantFrom(...(Object.keys(s.properties ?? {}).length ? Object.keys(s.properties!) : ['x'])), junk).map(([k, j]) => ({ [k]: j })),
    // a huge or hostile string in a field
    (v) =>
      fc
        .tuple(fc.constantFrom(...(Object.keys(s.properties ?? {}).length ? Object.keys(s.properties!) : ['name'])), fc.oneof(hugeString, hostileString(ctx.corpus)))
        .map(([k, j]) => ({
          ...(isObject(v) ? v : {}),
          [k]: j,
        })),
    // nested junk in a field
    (v) =>
      fc
        .tuple(fc.constantFrom(...(Object.keys(s.properties ?? {}).length ? Object.keys(s.properties!) : ['x'])), fc.oneof(deepNest, fc.anything({ maxDepth: 6 })))
        .map(([k, j]) => ({ ...(isObject(v) ? v : {}), [k]: j })),
    // the whole body replaced
    () => fc.oneof(junk, deepNest, fc.constant([]), fc.constant({}), fc.constant(null), fc.constant('string body'), fc.constant(42)),
  ];
  return fc
    .tuple(validValue(schema, ctx), fc.array(fc.nat({ max: mutations.length - 1 }), { minLength: 1, maxLength: 3 }))
    .chain(([v, picks]) => picks.reduce<fc.Arbitrary<unknown>>((acc, i) => acc.chain((cur) => mutations[i]!(cur, junk)), fc.constant(v)));
}

function omit(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _gone, ...rest } = v;
  return rest;
}

// ---------------------------------------------------------------- encodings

export interface RawBody {
  contentType?: string;
  /** Serialized text (JSON or form) or bytes (multipart). */
  body?: string | Uint8Array;
}

/** Serializes a JSON value; `{__rawJson}` markers (deep nesting) are spliced in verbatim. */
export function toJson(v: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (isObject(x) && typeof x.__rawJson === 'string') {
      raws.push(x.__rawJson);
      return `@@raw:${raws.length - 1}@@`;
    }
    return x;
  });
  if (text === undefined) return 'null';
  return text.replace(/"@@raw:(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

/** Raw JSON-ish texts a parser must refuse cleanly. */
export const malformedJson = fc.constantFrom(
  '{"name": "x"',
  '{"name": "x",}',
  "{'name': 'x'}",
  '{"name": undefined}',
  '{"name": NaN}',
  '{"a":1,"a":2,"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '\ufeff{"name":"bom"}',
  '[',
  '"',
  '{"name":"\\ud800"}',
  '{"name":"\\u0000"}',
  '{"name":"x"}{"name":"y"}',
  'null',
  '',
  '{"name":1e99999}',
  '{"email":"a@b.c","password":"x"' + ' '.repeat(10_000) + '}',
);

export const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=nothing',
  'application/vnd.api+json',
  '',
);

/** A multipart body for the upload route: real image bytes, junk bytes, missing file, extra parts. */
export function multipartBody(images: readonly Uint8Array[], corpus: readonly string[]): fc.Arbitrary<RawBody> {
  const boundary = 'relfuzzboundary7MA4YWxkTrZu0gW';
  const file = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...images) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
    { weight: 1, arbitrary: fc.constantFrom(...images).map((b) => b.subarray(0, Math.max(1, b.length >> 1))) },
  );
  const part = (name: string, value: string | Uint8Array, filename?: string, type?: string) => {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`;
    return Buffer.concat([Buffer.from(head), Buffer.from(value), Buffer.from('\r\n')]);
  };
  return fc
    .record({
      files: fc.array(
        fc.tuple(
          file,
          fc.constantFrom('a.jpg', 'x.png', '../../etc/passwd', '', 'évil"name.gif', 'a\u0000b.webp'),
          fc.constantFrom('image/jpeg', 'image/png', 'text/html', 'application/octet-stream', ''),
        ),
        { maxLength: 2 },
      ),
      fields: fc.array(fc.tuple(fc.constantFrom('altText', 'caption', 'junk', 'file', '__proto__'), hostileString(corpus)), { maxLength: 3 }),
      broken: fc.nat({ max: 9 }),
    })
    .map(({ files, fields, broken }) => {
      const parts = [...fields.map(([n, v]) => part(n, v)), ...files.map(([bytes, name, type]) => part('file', bytes, name, type))];
      let body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
      if (broken === 0) body = body.subarray(0, Math.floor(body.length / 2)); // truncated
      return { contentType: `multipart/form-data; boundary=${boundary}`, body: new Uint8Array(body) };
    });
}
