import { runCli } from './main';
import { EXIT } from './exit-codes';
import { stdoutClosed, watchOutputStreams, writeError } from './format/output';
import { terminalSafe } from '../../shared/terminal-safe';

// `checkpoint-inspector ... | head -1`: once the reader has gone, the command
// unwinds (its writes fail, its sessions close, its cache goes) and the CLI
// ends quietly with status 0, as a Unix filter does.
watchOutputStreams();

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = stdoutClosed() ? EXIT.ok : code;
  },
  (error: unknown) => {
    if (stdoutClosed()) {
      process.exitCode = EXIT.ok;
      return;
    }
    writeError(`checkpoint-inspector: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = EXIT.failure;
  },
);
