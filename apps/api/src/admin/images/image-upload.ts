import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ImageErrorCode, tooLarge } from '#libs/image-credits';
import { DomainError, type ErrorDetail } from '#libs/kernel';
import { isStorableText } from '../../http/json-body.js';

/** The multipart fields an image upload may carry besides `file`. */
const TEXT_FIELDS = ['altText', 'caption'] as const;

export interface ReceivedUpload {
  bytes: Buffer;
  filename: string | null;
  fields: Partial<Record<(typeof TEXT_FIELDS)[number], string>>;
}

/**
 * Teaches Fastify multipart/form-data (only image uploads read it; on any other route a
 * multipart body is simply not read, and the route's validation refuses the empty body).
 */
export function registerMultipart(fastify: FastifyInstance, maxBytes: number): void {
  void fastify.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: maxBytes, files: 1, fields: TEXT_FIELDS.length, fieldSize: 8192, parts: TEXT_FIELDS.length + 1, headerPairs: 100 },
  });
}

/**
 * Reads an image upload: exactly one file part named `file`, plus optional text fields.
 * The file is held in memory (bounded by IMAGE_MAX_BYTES); nothing is written here.
 */
export async function receiveImageUpload(req: FastifyRequest, maxBytes: number): Promise<ReceivedUpload> {
  if (!req.isMultipart()) {
    throw new DomainError('unsupported_media_type', ImageErrorCode.NotMultipart, 'Send the image as multipart/form-data with a "file" field.');
  }
  let file: { bytes: Buffer; filename: string | null } | null = null;
  const fields: ReceivedUpload['fields'] = {};
  const unknown: ErrorDetail[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // a file name is informational: one that cannot be stored as text is dropped
        if (part.fieldname === 'file') file = { bytes, filename: part.filename && isStorableText(part.filename) ? part.filename : null };
        else unknown.push({ field: part.fieldname, code: 'unknownField', message: `unexpected file field ${part.fieldname}` });
      } else if ((TEXT_FIELDS as readonly string[]).includes(part.fieldname)) {
        const value = String(part.value);
        if (!isStorableText(value)) unknown.push({ field: part.fieldname, code: 'invalidText', message: 'Text must not contain NUL characters or unpaired surrogates.' });
        else fields[part.fieldname as (typeof TEXT_FIELDS)[number]] = value;
      } else {
        unknown.push({ field: part.fieldname, code: 'unknownField', message: `property ${part.fieldname} should not exist` });
      }
    }
  } catch (e) {
    throw uploadError(e, maxBytes);
  }
  if (unknown.length) throw new DomainError('validation', ImageErrorCode.InvalidField, 'The upload is not valid.', unknown);
  if (!file) throw new DomainError('validation', ImageErrorCode.FileMissing, 'The upload has no "file" part.', [{ field: 'file', message: 'required' }]);
  return { ...file, fields };
}

function uploadError(e: unknown, maxBytes: number): unknown {
  if (e instanceof DomainError) return e;
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('payload_too_large', ImageErrorCode.TooManyParts, 'Send one file and at most the fields altText and caption.');
    default:
      return new DomainError('validation', ImageErrorCode.UploadMalformed, 'The multipart body could not be read.');
  }
}
