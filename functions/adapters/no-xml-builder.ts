/**
 * Stands in for xmlbuilder in the Lambda bundles (esbuild alias, infra/riposte-function.ts):
 * rss-parser only parses, so xml2js's Builder (67 KB) is loaded but never called.
 */
export function create(): never {
  throw new Error('XML building is not available in the Lambda bundle');
}
