// Wall time of our checkpoint paths beside containerd's own CRI
// CheckpointContainer (a bare CRI call: containerd alone, no work of ours) for
// the same container (memhog holding MiB MiB), on each testbed suite, with our
// peak RSS per path. Each (suite, size, path) runs in a child process of its
// own, so its peak RSS is that path's alone (RSS never shrinks back).
//   node --import tsx test/bench/checkpoint-bench.ts [MiB,MiB] [runs]   (TESTBED_SUITES=forky,trixie BENCH_KINDS=...)
// Exported: runCheckpointBench(). Needs root and the testbeds.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleCacheDir, bundleForNode } from '../support/bundle-for-node';

/** bare-cri: containerd's CRI CheckpointContainer alone; the others are ours through checkpointContainer. */
export type BenchKind = 'bare-cri' | 'cri' | 'native-shared' | 'native-streamed';
const KINDS: BenchKind[] = ['bare-cri', 'cri', 'native-shared', 'native-streamed'];

/** What a child measures for one path. */
interface OneRequest {
  kind: BenchKind;
  socket: string;
  containerId: string;
  /** a folder containerd sees at the same path */
  sharedDir: string;
  /** a folder it does not (ours, on the host's /tmp) */
  unsharedDir: string;
  runs: number;
}

export interface PathMeasure {
  kind: BenchKind;
  /** null when the runtime cannot (CRI on containerd 1.7) */
  ms: number[] | null;
  medianMs: number | null;
  archiveBytes: number | null;
  /** highest RSS sampled during the runs, and the child's lifetime peak */
  peakRssBytes: number;
  maxRssBytes: number;
  skipped?: string;
}

export interface SuiteSizeResult {
  suite: string;
  containerd: string;
  mib: number;
  paths: PathMeasure[];
  /** each of ours against containerd's bare CRI call (null where CRI is unimplemented) */
  vsBareCri: Partial<Record<BenchKind, number | null>>;
  /** native streamed against native shared (what 1.7 can compare) */
  streamedVsShared: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** In the child: `runs` checkpoints of one kind, timed, RSS sampled. */
async function measureOne(req: OneRequest): Promise<PathMeasure> {
  const { createContainerdClient } = await import('../../electron/containerd/index');
  const { checkpointContainer } = await import('../../electron/checkpoint/index');
  const client = createContainerdClient({ socketPath: req.socket });
  const ms: number[] = [];
  let peak = 0;
  let bytes: number | null = null;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    for (let i = 0; i < req.runs; i++) {
      const dir = req.kind === 'native-streamed' ? req.unsharedDir : req.sharedDir;
      const out = path.join(dir, `h-paths-bench-${process.pid}-${req.kind}-${i}.tar`);
      const t0 = performance.now();
      if (req.kind === 'bare-cri') {
        await client.rpc.unary(
          'cri',
          'CheckpointContainer',
          { container_id: req.containerId, location: out, timeout: 600 },
          { timeoutMs: 700_000 },
        );
      } else {
        await checkpointContainer(
          client,
          {
            containerId: req.containerId,
            namespace: 'k8s.io',
            via: req.kind === 'cri' ? 'cri' : 'native',
            outputPath: out,
            leaveRunning: true,
            timeoutSeconds: 600,
          },
          { signal: new AbortController().signal, progress: () => undefined },
        );
      }
      ms.push(performance.now() - t0);
      bytes = (await stat(out)).size;
      await rm(out, { force: true });
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'CONTAINERD_TOO_OLD' && code !== 'UNSUPPORTED') throw error;
    return {
      kind: req.kind,
      ms: null,
      medianMs: null,
      archiveBytes: null,
      peakRssBytes: peak,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      skipped: (error as Error).message,
    };
  } finally {
    clearInterval(sampler);
    client.close();
  }
  return {
    kind: req.kind,
    ms,
    medianMs: median(ms),
    archiveBytes: bytes,
    peakRssBytes: peak,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** Runs the bundle in a child process for one kind; its last stdout line is the PathMeasure. */
function inChild(bundle: string, req: OneRequest): Promise<PathMeasure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, CHECKPOINT_BENCH_ONE: JSON.stringify(req) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last) resolve(JSON.parse(last) as PathMeasure);
      else reject(new Error(`bench child (${req.kind}) exited ${code}: ${out.slice(-500)}`));
    });
  });
}

/**
 * Every suite of $TESTBED_SUITES (default both) x every size x every path.
 * The testbed module stays outside the bundle (it finds its scripts by its own path).
 */
export async function runCheckpointBench(
  sizes: number[],
  runs: number,
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<SuiteSizeResult[]> {
  const testbed = await import('../testbed/testbed');
  const suites = (process.env.TESTBED_SUITES ?? 'forky,trixie').split(',') as ('forky' | 'trixie')[];
  // BENCH_KINDS=native-streamed,...: only some paths (to redo a run cut short).
  const kinds = KINDS.filter((k) => (process.env.BENCH_KINDS?.split(',') ?? KINDS).includes(k));
  const dir = await mkdtemp(path.join(await bundleCacheDir('bench'), 'checkpoint-'));
  const bundle = await bundleForNode(fileURLToPath(import.meta.url), path.join(dir, 'bench.cjs'), {
    external: ['esbuild'],
  });
  const unsharedDir = await mkdtemp(path.join(os.tmpdir(), 'h-paths-bench-'));
  const results: SuiteSizeResult[] = [];
  try {
    for (const suite of suites) {
      const state = await testbed.ensureTestbed(suite);
      for (const mib of sizes) {
        const mem = await testbed.startMemoryWorkload(mib, suite);
        const paths: PathMeasure[] = [];
        for (const kind of kinds) {
          const m = await inChild(bundle, {
            kind,
            socket: state.socket,
            containerId: mem.containerId,
            sharedDir: state.archiveDir,
            unsharedDir,
            runs,
          });
          log(
            `${suite} ${mib} MiB ${kind}: ${m.ms ? m.ms.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ') : `n/a (${m.skipped})`}; peak RSS ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
          );
          paths.push(m);
        }
        const at = (k: BenchKind) => paths.find((p) => p.kind === k)?.medianMs ?? null;
        const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? a / b : null);
        const bare = at('bare-cri');
        results.push({
          suite,
          containerd: state.versions.containerd,
          mib,
          paths,
          vsBareCri: {
            cri: ratio(at('cri'), bare),
            'native-shared': ratio(at('native-shared'), bare),
            'native-streamed': ratio(at('native-streamed'), bare),
          },
          streamedVsShared: ratio(at('native-streamed'), at('native-shared')),
        });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(unsharedDir, { recursive: true, force: true });
  }
  return results;
}

/** The report's lines for `npm run bench`. */
export function formatCheckpointBench(results: SuiteSizeResult[]): string[] {
  const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  const x = (r: number | null | undefined) => (r === null || r === undefined ? 'n/a' : `${r.toFixed(2)}x`);
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`-- ${r.suite} (containerd ${r.containerd}), container of ${r.mib} MiB (medians)`);
    for (const p of r.paths) {
      const vs = p.kind === 'bare-cri' ? '' : `, ${x(r.vsBareCri[p.kind])} containerd's CRI`;
      lines.push(
        `  ${p.kind.padEnd(16)} ${s(p.medianMs).padStart(9)}${vs}; peak RSS ${(p.peakRssBytes / 2 ** 20).toFixed(0)} MiB${p.skipped ? ` (${p.skipped.slice(0, 80)})` : ''}`,
      );
    }
    lines.push(`  native streamed / native shared: ${x(r.streamedVsShared)}`);
  }
  return lines;
}

const one = process.env.CHECKPOINT_BENCH_ONE;
if (one) {
  measureOne(JSON.parse(one) as OneRequest).then(
    (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
    (error: unknown) => {
      process.stderr.write(`checkpoint-bench child: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = (process.argv[2] ?? '63,1023').split(',').map(Number);
  const runs = Number(process.argv[3] ?? 2);
  runCheckpointBench(sizes, runs).then(
    (r) => {
      process.stdout.write(`${formatCheckpointBench(r).join('\n')}\n${JSON.stringify(r, null, 2)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`checkpoint-bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
