// Runs the CLI bundle once to completion and gives its exit code and output
// (for tests that check a command's result, not its progress).
import { execFile } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function execCli(cli: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { timeout: 300_000, maxBuffer: 64 << 20, env: env ? { ...process.env, ...env } : process.env },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
