// Runs the built CLI (dist/cli/cli.cjs, made by `npm run build`) as a child
// process under the hostile-input budget: a deadline, and its peak RSS
// measured by test/bench/rss-report.cjs. The result says whether the budget held.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = resolve(ROOT, 'dist/cli/cli.cjs');
const RSS_REPORT = resolve(ROOT, 'test/bench/rss-report.cjs');

/** The budget every hostile case must end within (issue 18): 20 s and 300 MB. */
export const HOSTILE_BUDGET = { ms: 20_000, rssMiB: 300 } as const;

export interface CliProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** stderr without the RSS report line. */
  stderr: Buffer;
  /** Peak resident set of the child, MiB (NaN when the child was killed before it could report). */
  maxRssMiB: number;
  timedOut: boolean;
  ms: number;
}

export interface CliProcessOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: string | Buffer;
}

export function runCliProcess(args: string[], options: CliProcessOptions = {}): Promise<CliProcessResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const timeoutMs = options.timeoutMs ?? HOSTILE_BUDGET.ms;
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', RSS_REPORT, CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.end(options.stdin ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderrText = Buffer.concat(err).toString('latin1');
      const match = /\n@@rss (\{[^\n]*\})\n/.exec(stderrText);
      const maxRssMiB = match ? (JSON.parse(match[1]!) as { maxRssKiB: number }).maxRssKiB / 1024 : Number.NaN;
      const stderr = Buffer.from(match ? stderrText.replace(match[0], '') : stderrText, 'latin1');
      done({ code, signal, stdout: Buffer.concat(out), stderr, maxRssMiB, timedOut, ms: Date.now() - started });
    });
  });
}

/** Bytes a terminal would act on: C0 controls but tab and newline, DEL, and C1 controls / bidi overrides in UTF-8. */
export function terminalControls(output: Buffer): string[] {
  const text = output.toString('utf8');
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const found = text.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g) ?? [];
  return [...new Set(found)].map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
