/** The `entities/escape` module itself, reached by path so the bundle alias does not apply (see index.ts). */
export * from '../../../node_modules/entities/dist/esm/escape.js';
