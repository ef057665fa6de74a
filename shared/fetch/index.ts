export { httpRequest, fetchResource, USER_AGENT } from './http-client.js';
export type { HttpRequestOptions, HttpResponse, ResolvedAddress } from './http-client.js';
export { classifyAddress, isPublicAddress } from './address-policy.js';
export type { AddressVerdict } from './address-policy.js';
export { retryAfterDate, MAX_RETRY_AFTER_MS } from './http-client.js';
export { HostGate, DEFAULT_PER_HOST, DEFAULT_POLITENESS_DELAY_MS } from './host-gate.js';
export type { HostGateOptions } from './host-gate.js';
