export { httpRequest, fetchResource, USER_AGENT } from './http-client.js';
export type { HttpRequestOptions, HttpResponse, ResolvedAddress } from './http-client.js';
export { classifyAddress, isPublicAddress } from './address-policy.js';
export type { AddressVerdict } from './address-policy.js';
