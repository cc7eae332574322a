import { describe, expect, it } from 'vitest';
import { isStorageUnavailable, storageUnavailable } from './image.errors.js';

describe('item 23: isStorageUnavailable', () => {
  it('is a read-only, full or refused folder, never a bug', () => {
    for (const code of ['EROFS', 'ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EIO']) expect(isStorageUnavailable(Object.assign(new Error(code), { code })), code).toBe(true);
    for (const e of [new Error('invalid storage key'), Object.assign(new Error('x'), { code: 'EEXIST' }), null, 'ENOSPC']) expect(isStorageUnavailable(e)).toBe(false);
    expect(storageUnavailable()).toMatchObject({ kind: 'unavailable', code: 'IMAGE_STORAGE_UNAVAILABLE', meta: { retryAfterSeconds: 30 } });
  });
});
