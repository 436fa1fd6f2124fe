// Wall time of the native path against CRI CheckpointContainer for the same
// container (memhog holding MiB MiB, via the testbed), and our peak RSS.
//   node --import tsx test/bench/checkpoint-bench.ts [MiB] [runs] [cri,native,native-content]
// Exported: benchCheckpoint(). Needs root and the testbed.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as TestbedModule from '../testbed/testbed';
import { bundleCacheDir, bundleForNode } from '../support/bundle-for-node';

export interface CheckpointBenchResult {
  mib: number;
  runs: number;
  criMs: number[];
  nativeMs: number[];
  criMedianMs: number;
  nativeMedianMs: number;
  /** native / CRI (target: at most 1.3) */
  ratio: number;
  /** the native path when CRIU's images must come through containerd's content store (criuWorkDir: null) */
  nativeContentMs: number[];
  nativeContentMedianMs: number;
  contentRatio: number;
  archiveBytes: { cri: number; native: number; 'native-content': number };
  /** highest RSS sampled during the native runs (both kinds), and the process's lifetime peak */
  peakRssDuringNativeBytes: number;
  peakRssDuringNativeContentBytes: number;
  maxRssBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** RSS never shrinks back: to see one kind's peak, run only that kind in the process. */
export type BenchKind = 'cri' | 'native' | 'native-content';
const KINDS: BenchKind[] = ['cri', 'native', 'native-content'];

type TestbedApi = Pick<typeof TestbedModule, 'ensureTestbed' | 'startMemoryWorkload'>;

export async function benchCheckpoint(
  opts: { mib?: number; runs?: number; kinds?: BenchKind[]; log?: (s: string) => void; testbed?: TestbedApi } = {},
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
  const nativeContentMs: number[] = [];
  const bytes = { cri: 0, native: 0, 'native-content': 0 };
  let peak = 0;
  let peakContent = 0;
  try {
    for (let i = 0; i < runs; i++) {
      for (const kind of opts.kinds ?? KINDS) {
        const via = kind === 'cri' ? 'cri' : 'native';
        const out = path.join(tb.archiveDir, `bench-${process.pid}-${kind}.tar`);
        let sampler: ReturnType<typeof setInterval> | undefined;
        const rss = () => process.memoryUsage().rss;
        if (kind === 'native') sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
        if (kind === 'native-content') sampler = setInterval(() => (peakContent = Math.max(peakContent, rss())), 20);
        const t0 = performance.now();
        const r = await checkpointContainer(
          client,
          {
            containerId: mem.containerId,
            namespace: 'k8s.io',
            via,
            outputPath: out,
            leaveRunning: true,
            timeoutSeconds: 600,
            ...(kind === 'native-content' ? { criuWorkDir: null } : {}),
          },
          { signal: new AbortController().signal, progress: () => undefined },
        );
        const ms = performance.now() - t0;
        if (sampler) clearInterval(sampler);
        (kind === 'cri' ? criMs : kind === 'native' ? nativeMs : nativeContentMs).push(ms);
        bytes[kind] = r.bytes;
        log(`${kind} run ${i + 1}: ${Math.round(ms)} ms, ${((await stat(out)).size / 2 ** 20).toFixed(1)} MiB`);
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
    nativeContentMs,
    nativeContentMedianMs: median(nativeContentMs),
    contentRatio: median(nativeContentMs) / criMedianMs,
    archiveBytes: bytes,
    peakRssDuringNativeBytes: peak,
    peakRssDuringNativeContentBytes: peakContent,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/**
 * Run directly (tsx), our `.proto?raw` imports need the build's raw loader:
 * bundle this file with esbuild as the app build does, then call the bundle.
 */
export async function runBundled(mib: number, runs: number, kinds?: BenchKind[]): Promise<CheckpointBenchResult> {
  // Inside the repository, not the temp folder: the bundle requires 'esbuild' (left external).
  const dir = await mkdtemp(path.join(await bundleCacheDir('bench'), 'checkpoint-'));
  const outfile = await bundleForNode(fileURLToPath(import.meta.url), path.join(dir, 'bench.cjs'), {
    external: ['esbuild'],
  });
  try {
    const bundled = createRequire(import.meta.url)(outfile) as { benchCheckpoint: typeof benchCheckpoint };
    // The testbed module stays outside the bundle (it finds its scripts by its own path).
    const testbed = await import('../testbed/testbed');
    return await bundled.benchCheckpoint({ mib, runs, kinds, testbed, log: (s) => process.stderr.write(`${s}\n`) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const [mib, runs] = process.argv.slice(2, 4).map(Number);
  const kinds = process.argv[4]?.split(',').filter((k): k is BenchKind => (KINDS as string[]).includes(k));
  runBundled(mib || 256, runs || 3, kinds?.length ? kinds : undefined).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`checkpoint-bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
