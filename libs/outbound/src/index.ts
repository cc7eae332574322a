/**
 * Outbound HTTP to URLs that someone typed (webhooks, the CDN purge, an import's fetches),
 * guarded against server-side request forgery: in production only public addresses are
 * connected to, checked at connect time. Imports nothing internal.
 */
export { isPublicAddress, isLocalName } from './address.rules.js';
export { AddressNotAllowedError, NO_ANSWER, guardedAgents, guardedLookup, outboundRequest, type OutboundRequest, type OutboundResult } from './outbound-http.js';
