// Runs a heavy worker entry from the TypeScript sources (tests, no build):
// tsx compiles the .ts files, and `.proto?raw` imports load as text, as the
// esbuild raw-text plugin does for the bundle.
const Module = require('node:module');
const { readFileSync } = require('node:fs');

const load = Module.prototype.load;
Module.prototype.load = function (filename) {
  const raw = /^(.*\.(?:proto|yar))\?raw=?$/.exec(filename);
  if (!raw) return load.call(this, filename);
  this.filename = filename;
  this.exports = { __esModule: true, default: readFileSync(raw[1], 'utf8') };
  this.loaded = true;
};
require('tsx/cjs/api').register();
// The entry is the last argument (the runner passes it with `argv`).
require(process.argv[process.argv.length - 1]);
