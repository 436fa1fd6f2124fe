// Benchmark: open a memory-holding testbed archive and build its overview and
// process tree, in a child process (so its peak RSS is its own), beside
// `cat ARCHIVE > /dev/null`. Needs root and the testbed; run through
// test/bench/run.mts (`npm run bench`) after `node scripts/build.mjs cli`.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { criCheckpoint, ensureTestbed, startMemoryWorkload } from '../testbed/testbed';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export interface InspectBenchRow {
  mib: number;
  archiveBytes: number;
  catSeconds: number;
  overviewSeconds: number;
  peakRssMiB: number;
}

export interface InspectBenchResult {
  rows: InspectBenchRow[];
  /** 1 GiB overview time over the 64 MiB one; the target is at most 1.5. */
  ratio: number;
  ok: boolean;
}

function run(cmd: string, args: string[]): Promise<{ seconds: number; stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout, stderr, code: code ?? -1 }),
    );
  });
}

async function archiveFor(mib: number): Promise<string> {
  const state = await ensureTestbed();
  const location = path.join(state.archiveDir, `bench-mem-${mib}.tar`);
  if (existsSync(location)) return location;
  const workload = await startMemoryWorkload(mib);
  await criCheckpoint(state, workload.containerId, location);
  return location;
}

async function measure(mib: number, archive: string): Promise<InspectBenchRow> {
  const cat = await run('bash', ['-c', 'cat "$1" > /dev/null', 'cat', archive]);
  const cli = path.join(root, 'bin', 'checkpoint-inspector.cjs');
  const r = await run(process.execPath, [
    '-r',
    path.join(here, 'rss-report.cjs'),
    cli,
    'inspect',
    archive,
    '--ps-tree',
    '--format',
    'json',
  ]);
  if (r.code !== 0) throw new Error(`inspect failed (${r.code}): ${r.stderr}`);
  const rss = /@@rss (\{.*\})/.exec(r.stderr);
  const maxRssKiB = rss ? (JSON.parse(rss[1] as string) as { maxRssKiB: number }).maxRssKiB : NaN;
  return {
    mib,
    archiveBytes: statSync(archive).size,
    catSeconds: cat.seconds,
    overviewSeconds: r.seconds,
    peakRssMiB: maxRssKiB / 1024,
  };
}

/** Runs the benchmark for the given sizes (default 64 MiB and 1 GiB). */
export async function runInspectBench(sizes: readonly number[] = [64, 1024]): Promise<InspectBenchResult> {
  const rows: InspectBenchRow[] = [];
  for (const mib of sizes) {
    const archive = await archiveFor(mib);
    await measure(mib, archive); // warm the page cache and the node binary once
    rows.push(await measure(mib, archive));
  }
  const small = rows[0];
  const big = rows[rows.length - 1];
  const ratio = small && big ? big.overviewSeconds / small.overviewSeconds : NaN;
  return { rows, ratio, ok: ratio <= 1.5 && rows.every((r) => r.peakRssMiB < 300) };
}
