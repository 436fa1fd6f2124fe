// `npm run bench`: every benchmark, each beside its baseline in the same run,
// reported as ratios. Needs root (the containerd testbed makes the archives).
//   BENCH=inspect,search,yara,host,checkpoint,decompress  (default: all)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wanted = new Set((process.env.BENCH ?? 'inspect,search,yara,host,checkpoint,decompress').split(','));
const results: Record<string, unknown> = {};
const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);

if (process.getuid?.() !== 0) {
  console.error('bench: needs root (the containerd testbed makes the memory archives)');
  process.exit(1);
}

if (wanted.has('inspect')) {
  const { runInspectBench } = await import('./inspect-bench');
  const r = await runInspectBench([64, 1024]);
  results.inspect = r;
  console.log('\n== overview + process tree (CLI, child process) vs cat ARCHIVE > /dev/null');
  for (const row of r.rows) {
    console.log(
      `${String(row.mib).padStart(5)} MiB archive ${mib(row.archiveBytes)} MiB: ours ${row.overviewSeconds.toFixed(2)} s, cat ${row.catSeconds.toFixed(2)} s, peak RSS ${row.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  console.log(`ratio 1 GiB / 64 MiB overview: ${r.ratio.toFixed(2)} (target <= 1.5)`);
}

if (wanted.has('search')) {
  const { runSearchBench } = await import('./search-bench');
  const r = await runSearchBench();
  results.search = r;
  console.log('\n== memory search vs grep -c -a over the same 1 GiB archive');
  console.log(JSON.stringify(r, null, 2));
}

if (wanted.has('yara')) {
  const { runYaraBench } = await import('./yara-bench');
  const r = await runYaraBench();
  results.yara = r;
  console.log('\n== YARA (CLI, child process) vs grep -c -a over the same 1 GiB archive, and the npm YARA engines');
  console.log(JSON.stringify(r, null, 2));
}

if (wanted.has('host')) {
  const { runHostBench } = await import('./host-bench');
  const r = await runHostBench();
  results.host = r;
  console.log("\n== browser host: client B's calls while client A's worst-case regex search runs over 1 GiB, vs idle");
  console.log(JSON.stringify(r, null, 2));
}

if (wanted.has('checkpoint')) {
  // Each path in a child process running a bundle (our .proto files are imported as text), on every suite.
  // 63 and 1023 MiB: pods of our own (mem-63, mem-1023), apart from the tests' mem-64 and mem-1024.
  const { formatCheckpointBench, runCheckpointBench } = await import('./checkpoint-bench');
  const r = await runCheckpointBench([63, 1023], 2);
  results.checkpoint = r;
  console.log(
    "\n== checkpoint: our paths vs containerd's own CRI CheckpointContainer (goal: native <= 1.1x CRI, RSS flat in size)",
  );
  for (const line of formatCheckpointBench(r)) console.log(line);
}

if (wanted.has('decompress')) {
  // BENCH_MIB (default 1024) of memory per archive, made once under BENCH_CACHE.
  const { formatDecompressBench, runDecompressBench } = await import('./decompress-bench');
  const r = await runDecompressBench();
  results.decompress = r;
  console.log('\n== open tar / tar.gz / tar.zst (inspect --all --format json) vs checkpointctl and the decompressors');
  for (const line of formatDecompressBench(r)) console.log(line);
}

mkdirSync(path.join(root, 'test-results'), { recursive: true });
writeFileSync(path.join(root, 'test-results', 'bench.json'), JSON.stringify(results, null, 2));
console.log('\nwritten: test-results/bench.json');
