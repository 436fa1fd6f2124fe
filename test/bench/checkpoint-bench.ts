// Wall time of the native path against CRI CheckpointContainer for the same
// container (memhog holding MiB MiB, via the testbed), and our peak RSS.
//   node --import tsx test/bench/checkpoint-bench.ts [MiB] [runs]
// Exported: benchCheckpoint(). Needs root and the testbed.
import { rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as TestbedModule from '../testbed/testbed';

export interface CheckpointBenchResult {
  mib: number;
  runs: number;
  criMs: number[];
  nativeMs: number[];
  criMedianMs: number;
  nativeMedianMs: number;
  /** native / CRI (target: at most 1.3) */
  ratio: number;
  archiveBytes: { cri: number; native: number };
  /** highest RSS sampled during the native runs, and the process's lifetime peak */
  peakRssDuringNativeBytes: number;
  maxRssBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

type TestbedApi = Pick<typeof TestbedModule, 'ensureTestbed' | 'startMemoryWorkload'>;

export async function benchCheckpoint(
  opts: { mib?: number; runs?: number; log?: (s: string) => void; testbed?: TestbedApi } = {},
): Promise<CheckpointBenchResult> {
  const mib = opts.mib ?? 256;
  const runs = opts.runs ?? 3;
  const log = opts.log ?? (() => undefined);
  const { createContainerdClient } = await import('../../electron/containerd/index');
  const { checkpointContainer } = await import('../../electron/checkpoint/index');
  const { startMemoryWorkload, ensureTestbed } = opts.testbed ?? (await import('../testbed/testbed'));
  const tb = await ensureTestbed();
  const mem = await startMemoryWorkload(mib);
  const client = createContainerdClient({ socketPath: tb.socket });
  const criMs: number[] = [];
  const nativeMs: number[] = [];
  const bytes = { cri: 0, native: 0 };
  let peak = 0;
  try {
    for (let i = 0; i < runs; i++) {
      for (const via of ['cri', 'native'] as const) {
        const out = path.join(tb.archiveDir, `bench-${process.pid}-${via}.tar`);
        let sampler: ReturnType<typeof setInterval> | undefined;
        if (via === 'native') sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const t0 = performance.now();
        const r = await checkpointContainer(
          client,
          { containerId: mem.containerId, namespace: 'k8s.io', via, outputPath: out, leaveRunning: true, timeoutSeconds: 600 },
          { signal: new AbortController().signal, progress: () => undefined },
        );
        const ms = performance.now() - t0;
        if (sampler) clearInterval(sampler);
        (via === 'cri' ? criMs : nativeMs).push(ms);
        bytes[via] = r.bytes;
        log(`${via} run ${i + 1}: ${Math.round(ms)} ms, ${((await stat(out)).size / 2 ** 20).toFixed(1)} MiB`);
        await rm(out, { force: true });
      }
    }
  } finally {
    client.close();
  }
  const criMedianMs = median(criMs);
  const nativeMedianMs = median(nativeMs);
  return {
    mib,
    runs,
    criMs,
    nativeMs,
    criMedianMs,
    nativeMedianMs,
    ratio: nativeMedianMs / criMedianMs,
    archiveBytes: bytes,
    peakRssDuringNativeBytes: peak,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/**
 * Run directly (tsx), our `.proto?raw` imports need the build's raw loader:
 * bundle this file with esbuild as the app build does, then call the bundle.
 */
async function runBundled(mib: number, runs: number): Promise<CheckpointBenchResult> {
  const { build } = await import('esbuild');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-bench-'));
  const outfile = path.join(dir, 'bench.cjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    external: ['esbuild'],
    plugins: [
      {
        name: 'raw',
        setup(b) {
          b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.slice(0, -4)), namespace: 'raw' }));
          b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
        },
      },
    ],
  });
  try {
    const bundled = createRequire(import.meta.url)(outfile) as { benchCheckpoint: typeof benchCheckpoint };
    // The testbed module stays outside the bundle (it finds its scripts by its own path).
    const testbed = await import('../testbed/testbed');
    return await bundled.benchCheckpoint({ mib, runs, testbed, log: (s) => process.stderr.write(`${s}\n`) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const [mib, runs] = process.argv.slice(2).map(Number);
  runBundled(mib || 256, runs || 3).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`checkpoint-bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
