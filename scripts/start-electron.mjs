// `npm start [-- FILE]`: runs the built app in Electron, or says in one line why it cannot.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of the binary its install script downloads.
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  console.error(
    'Electron binary is missing (its download is blocked on this machine); run `npm run serve` to use the app in a browser instead.',
  );
  process.exit(1);
}

// npm runs scripts from the package root; resolve a FILE against where the user typed the command.
const userCwd = process.env.INIT_CWD || process.cwd();
const args = process.argv.slice(2).map((arg) => (arg.startsWith('-') ? arg : path.resolve(userCwd, arg)));

const env = { ...process.env };
// Set by some shells and tools; it would make the binary behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(bin, [root, ...args], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Could not start Electron: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
