import { IDENTITY_ENTITIES } from '#libs/identity';

/** Every entity of every lib: the drift check compares these against the migrations. */
export const ALL_ENTITIES = [...IDENTITY_ENTITIES];
