import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#libs/kernel';

export interface ReceivedExport {
  filePath: string;
  fileName: string;
  dryRun: boolean;
  /** Invite the authors with an e-mail (never by default). */
  invite: boolean;
}

/**
 * Streams the `file` part of a multipart body to `<dir>/<id>.xml` (never held in memory),
 * with the optional fields `dryRun` and `invite` ("true"/"false"). Refusals remove what was written.
 */
export async function receiveExport(req: FastifyRequest, dir: string, id: string, maxBytes: number): Promise<ReceivedExport> {
  if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 'IMPORT_NOT_MULTIPART', 'Send the export as multipart/form-data with a "file" field.');
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${id}.xml`);
  let fileName: string | null = null;
  let dryRun = false;
  let invite = false;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3 } })) {
      if (part.type === 'file' && part.fieldname === 'file' && fileName === null) {
        fileName = (part.filename || 'export.xml').slice(0, 255);
        await pipeline(part.file, createWriteStream(filePath));
        if (part.file.truncated) throw tooLarge(maxBytes);
      } else if (part.type === 'field' && part.fieldname === 'dryRun') {
        dryRun = String(part.value) === 'true';
      } else if (part.type === 'field' && part.fieldname === 'invite') {
        // an invitation is mailed: only an explicit "true" sends them, anything else but "false" is refused
        const v = String(part.value);
        if (v !== 'true' && v !== 'false')
          throw new DomainError('validation', 'IMPORT_INVALID_FIELD', 'invite is "true" or "false".', [{ field: 'invite', message: 'must be "true" or "false"' }]);
        invite = v === 'true';
      } else {
        if (part.type === 'file') part.file.resume();
        throw new DomainError('validation', 'IMPORT_INVALID_FIELD', `Unexpected field ${part.fieldname}: send "file" and optionally "dryRun" and "invite".`, [
          { field: part.fieldname, message: 'should not exist' },
        ]);
      }
    }
  } catch (e) {
    await rm(filePath, { force: true });
    if (e instanceof DomainError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new DomainError('payload_too_large', 'IMPORT_TOO_MANY_PARTS', 'Send one file and at most the fields dryRun and invite.');
    }
    throw new DomainError('validation', 'IMPORT_UPLOAD_MALFORMED', 'The multipart body could not be read.');
  }
  if (fileName === null) throw new DomainError('validation', 'IMPORT_FILE_MISSING', 'The upload has no "file" part.', [{ field: 'file', message: 'required' }]);
  return { filePath, fileName, dryRun, invite };
}

const tooLarge = (max: number) => new DomainError('payload_too_large', 'IMPORT_TOO_LARGE', `The export is larger than ${max} bytes (IMPORT_MAX_BYTES).`);
