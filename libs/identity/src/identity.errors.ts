import { DomainError } from '#libs/kernel';

export const IdentityErrorCode = {
  InvalidCredentials: 'AUTH_INVALID_CREDENTIALS',
  LoginThrottled: 'AUTH_LOGIN_THROTTLED',
  TokenMissing: 'AUTH_TOKEN_MISSING',
  TokenInvalid: 'AUTH_TOKEN_INVALID',
  TokenExpired: 'AUTH_TOKEN_EXPIRED',
  SessionRevoked: 'AUTH_SESSION_REVOKED',
  RefreshInvalid: 'AUTH_REFRESH_TOKEN_INVALID',
  RefreshReused: 'AUTH_REFRESH_TOKEN_REUSED',
  Forbidden: 'AUTH_FORBIDDEN',
  RoutePolicyMissing: 'AUTH_ROUTE_POLICY_MISSING',
  ApiKeyMissing: 'API_KEY_MISSING',
  ApiKeyInvalid: 'API_KEY_INVALID',
  ApiKeyNotFound: 'API_KEY_NOT_FOUND',
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  EmailTaken: 'ACCOUNT_EMAIL_TAKEN',
} as const;

export const invalidCredentials = () => new DomainError('unauthenticated', IdentityErrorCode.InvalidCredentials, 'E-mail or password is incorrect.');
