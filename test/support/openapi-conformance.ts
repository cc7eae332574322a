import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/**
 * Where a JSON value departs from a schema of the api's OpenAPI document: missing required
 * members, wrong types, values outside an enum, and members the schema does not list (an
 * undocumented field is a field the generated types do not have). Empty: it conforms.
 */
export function nonConformities(doc: OpenAPIObject, schema: Schema, value: unknown, at = '$'): string[] {
  const resolve = (s: Schema): Schema => (s.$ref ? resolve((doc.components!.schemas as Record<string, Schema>)[s.$ref.replace('#/components/schemas/', '')]!) : s);
  const s = resolve(schema);
  // a nullable reference: `{ allOf: [{ $ref }], nullable: true }` or `{ $ref, nullable: true }`
  if (value === null && (schema.nullable || s.nullable)) return [];
  if (s.allOf) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf.map(resolve)) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
      if (part.nullable) merged.nullable = true;
    }
    return nonConformities(doc, merged, value, at);
  }
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return alternatives.some((a) => !nonConformities(doc, a, value, at).length) ? [] : [`${at}: matches none of the alternatives`];
  if (value === null) return s.nullable ? [] : [`${at}: null, not nullable`];
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`];
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: ${typeof value}, expected string`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${typeof value}, expected number`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)}, expected integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${typeof value}, expected boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      return value.flatMap((v, i) => (s.items ? nonConformities(doc, s.items, v, `${at}[${i}]`) : []));
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
      const v = value as Record<string, unknown>;
      const out: string[] = [];
      for (const r of s.required ?? []) if (!(r in v)) out.push(`${at}.${r}: required, missing`);
      for (const [k, member] of Object.entries(v)) {
        const p = s.properties?.[k];
        if (p) out.push(...nonConformities(doc, p, member, `${at}.${k}`));
        else if (typeof s.additionalProperties === 'object') out.push(...nonConformities(doc, s.additionalProperties, member, `${at}.${k}`));
        else if (s.additionalProperties !== true) out.push(`${at}.${k}: not in the schema`);
      }
      return out;
    }
    default:
      return [];
  }
}

/** The 200 (or 201/202) JSON schema of an operation of the document. */
export function responseSchema(doc: OpenAPIObject, method: 'get' | 'post', path: string, status = 200): Schema {
  const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }> | undefined)?.[method];
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path}: no ${status} JSON schema in the OpenAPI document`);
  return schema;
}
