/**
 * Stands in for the `entities` package in the Lambda bundles (esbuild alias, infra/riposte-function.ts).
 * rss-parser `require`s the whole package for `decodeHTML` alone, which keeps the HTML encoding trie
 * (about 14 KB) that nothing here calls; the bundles need only decoding and escaping. Subpath imports
 * (`entities/decode`, `entities/escape`) are aliased to the siblings of this file, which re-export the
 * package's own modules unchanged.
 */
export { decodeHTML, decodeHTMLStrict, decodeXML } from './decode.js';
export { encodeXML, escape, escapeAttribute, escapeText, escapeUTF8 } from './escape.js';
