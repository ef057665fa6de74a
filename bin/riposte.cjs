#!/usr/bin/env node
'use strict';
// The CLI runs the TypeScript sources through tsx's loader: one code base, no build step.
require('tsx/cjs');
const { main } = require('../shared/cli/main.ts');

main(process.argv).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`riposte: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
