export { parseFeed } from './parse.js';
export type { ParseFeedOptions, ParsedFeed } from './parse.js';
export { decodeFeed, decodeBytes, canonicalEncoding, charsetFromContentType, declaredEncoding } from './decode.js';
export type { DecodedFeed } from './decode.js';
export { repairXmlText } from './repair.js';
