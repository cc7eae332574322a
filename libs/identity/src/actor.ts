import type { Role } from './identity.rules.js';

/** The authenticated caller of an admin route. */
export interface Actor {
  accountId: string;
  role: Role;
  sessionId: string;
  email: string;
  displayName: string;
}

/** The front-end calling the content surface. */
export interface ApiClient {
  apiKeyId: string;
  name: string;
}
