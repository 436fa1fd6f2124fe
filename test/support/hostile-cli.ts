// The built CLI run on a hostile archive, with every rule of the hostile
// budget checked (issue 18): within the deadline and the RSS ceiling, a result
// or a clear error (never a crash or a stack trace), no terminal control on
// either stream, and nothing written in `dir` but the run's own cache.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HOSTILE_BUDGET, runCliProcess, terminalControls, type CliProcessResult } from './run-cli-process';

export async function hostileCli(
  dir: string,
  args: string[],
): Promise<CliProcessResult & { out: string; err: string }> {
  const cache = `cache-${Math.random().toString(36).slice(2)}`;
  const before = readdirSync(dir).sort();
  const r = await runCliProcess(args, { env: { XDG_CACHE_HOME: join(dir, cache) } });
  const err = r.stderr.toString('utf8');
  expect(r.timedOut, `${args.join(' ')} ran past ${HOSTILE_BUDGET.ms} ms`).toBe(false);
  // No RSS line means the child never reached its 'exit' event (killed, or aborted): say how it ended.
  expect(
    r.maxRssMiB,
    `${args.join(' ')}: peak RSS (exit ${r.code}, signal ${r.signal}, ${r.ms} ms, stderr: ${err.slice(-500)})`,
  ).toBeLessThan(HOSTILE_BUDGET.rssMiB);
  // A result (complete or with problems), or a clear error: never a crash.
  expect([0, 1, 3], `${args.join(' ')} exited ${r.code}: ${err.slice(0, 500)}`).toContain(r.code);
  if (r.code === 1) expect(err).toMatch(/^checkpoint-inspector: .+\([A-Z_]+\)\n/);
  expect(err).not.toMatch(/\n\s+at |RangeError|Maximum call stack/);
  expect(terminalControls(r.stdout)).toEqual([]);
  expect(terminalControls(r.stderr)).toEqual([]);
  expect(readdirSync(dir).filter((n) => !before.includes(n) && n !== cache)).toEqual([]);
  return { ...r, out: r.stdout.toString('utf8'), err };
}
