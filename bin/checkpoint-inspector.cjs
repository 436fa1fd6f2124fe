#!/usr/bin/env node
'use strict';
// The CLI is built into dist/cli/cli.cjs by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'cli', 'cli.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write('checkpoint-inspector: not built yet; run `npm run build` first\n');
  process.exit(2);
}
require(built);
