import { IDENTITY_ENTITIES } from '#libs/identity';
import { OUTBOX_ENTITIES } from '#libs/outbox';
import { RATE_LIMIT_ENTITIES } from '#libs/rate-limit';

/** Every entity of every lib: the drift check compares these against the migrations. */
export const ALL_ENTITIES = [...IDENTITY_ENTITIES, ...OUTBOX_ENTITIES, ...RATE_LIMIT_ENTITIES];
