import type { Image } from '../../api/client';
import { ApiError, toApiError } from '../../api/errors';
import { session } from '../../auth/session';

/** Multipart upload with progress (fetch cannot report upload progress); one refresh on 401. */
export function uploadImage(file: File, onProgress: (fraction: number) => void): Promise<Image> {
  const once = () =>
    new Promise<{ status: number; body: unknown }>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/v1/admin/images');
      const t = session.tokens;
      if (t) xhr.setRequestHeader('authorization', `Bearer ${t.accessToken}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = null;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => resolve({ status: 0, body: null });
      const form = new FormData();
      form.append('file', file);
      xhr.send(form);
    });
  return (async () => {
    let r = await once();
    if (r.status === 401 && ((await session.refresh()) || (await session.waitForSignIn()))) r = await once();
    if (r.status < 200 || r.status >= 300) throw r.status ? toApiError(r.status, r.body) : new ApiError(0, 'NETWORK_ERROR', 'The upload did not reach the server.');
    onProgress(1);
    return r.body as Image;
  })();
}
