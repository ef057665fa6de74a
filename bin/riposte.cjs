#!/usr/bin/env node
'use strict';
// The CLI runs the TypeScript sources through tsx's loader: one code base, no build step.
// The SDK's notice that its 2027 releases will need Node 22 is for maintainers, not CLI users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
