// Benchmark: opening tar, tar.gz and tar.zst archives of incompressible and
// compressible memory, ours (`inspect --all --format json`, a child process
// with its peak RSS) beside checkpointctl, `zstd -d`, `gzip -d` and Node's
// own zlib (each decompressing into a file on the same disk, as ours writes
// its cache copy). Archives are made on demand under BENCH_CACHE (default
// ~/.cache/checkpoint-inspector/bench): a real containerd checkpoint fixture
// with a filler member of BENCH_MIB MiB (default 1024) appended.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  rmSync,
  statSync,
  writeSync,
  createReadStream,
  createWriteStream,
  copyFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { decompressToFile } from '../../electron/archive/decompress';
import { DEFAULT_LIMITS } from '../../electron/archive/limits';
import { zstdEngine, type ZstdEngine } from '../../electron/archive/zstd-decoder';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const peer = path.resolve(root, '..', 'shared', 'peers', 'checkpointctl');

export type MemoryKind = 'incompressible' | 'compressible';
export type Format = 'tar' | 'tar.gz' | 'tar.zst';

export interface DecompressBenchRow {
  kind: MemoryKind;
  format: Format;
  archiveBytes: number;
  seconds: Record<string, number | null>;
  /** Ours over the fastest tool of the row (null for plain tar: nothing to decompress). */
  ratioToFastest: number | null;
  /** Until the overview was printed: today the whole open (see the notes), so equal to ours. */
  firstViewSeconds: number;
  peakRssMiB: number;
}

function run(cmd: string, args: string[]): Promise<{ seconds: number; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr, code: code ?? -1 }),
    );
  });
}

async function must(cmd: string, args: string[]): Promise<number> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  return r.seconds;
}

/** Incompressible: random bytes. Compressible: hex text of random bytes (about 2:1, under the 200:1 ratio limit). */
function writeFiller(file: string, mib: number, kind: MemoryKind): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    for (let i = 0; i < mib; i++) {
      const block =
        kind === 'incompressible' ? randomBytes(1 << 20) : Buffer.from(randomBytes(1 << 19).toString('hex'));
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
}

async function fixtures(dir: string, mib: number, kind: MemoryKind): Promise<Record<Format, string>> {
  const base = path.join(dir, `${kind}-${mib}`);
  const out = { tar: `${base}.tar`, 'tar.gz': `${base}.tar.gz`, 'tar.zst': `${base}.tar.zst` };
  if (!existsSync(out.tar)) {
    const work = path.join(dir, `${kind}-work`);
    mkdirSync(work, { recursive: true });
    writeFiller(path.join(work, 'bench-filler.bin'), mib, kind);
    copyFileSync(path.join(root, 'test', 'fixtures', 'containerd-cri-web.tar'), `${out.tar}.part`);
    await must('tar', ['-rf', `${out.tar}.part`, '-C', work, 'bench-filler.bin']);
    rmSync(work, { recursive: true, force: true });
    await must('mv', [`${out.tar}.part`, out.tar]);
  }
  // Podman's defaults: zstd level 3, gzip level 6.
  if (!existsSync(out['tar.zst'])) await must('zstd', ['-q', '-3', '-f', out.tar, '-o', out['tar.zst']]);
  if (!existsSync(out['tar.gz']))
    await must('bash', ['-c', 'gzip -6 -c "$1" > "$2.part" && mv "$2.part" "$2"', 'gz', out.tar, out['tar.gz']]);
  return out;
}

async function nodeGunzip(input: string, output: string): Promise<number> {
  const started = process.hrtime.bigint();
  await pipeline(createReadStream(input), zlib.createGunzip(), createWriteStream(output));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** One of our zstd engines alone, into a file (what the open spends decompressing). */
async function engineSeconds(engine: ZstdEngine, input: string, output: string): Promise<number> {
  rmSync(output, { force: true }); // created exclusively, as the cache copy is
  const started = process.hrtime.bigint();
  await decompressToFile(createReadStream(input, { highWaterMark: 1 << 20 }), 'zstd', output, {
    limits: { ...DEFAULT_LIMITS, maxDecompressedBytes: 64 * 2 ** 30 },
    where: input,
    inputSize: statSync(input).size,
    zstdEngine: engine,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(output, { force: true });
  return seconds;
}

/** Our zstd engines, each alone; not "the machine's fastest decompressor" (that is zstd -d). */
const ENGINES: readonly ZstdEngine[] = ['fzstd', 'zstd-napi', 'node:zlib'];

async function ours(archive: string, cacheHome: string): Promise<{ seconds: number; peakRssMiB: number }> {
  const cli = path.join(root, 'bin', 'checkpoint-inspector.cjs');
  const started = process.hrtime.bigint();
  const r = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(here, 'rss-report.cjs'), cli, 'inspect', archive, '--all', '--format', 'json'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, XDG_CACHE_HOME: cacheHome },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.code !== 0) throw new Error(`inspect failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  const rss = /@@rss (\{.*\})/.exec(r.stderr);
  const maxRssKiB = rss ? (JSON.parse(rss[1] as string) as { maxRssKiB: number }).maxRssKiB : NaN;
  return { seconds, peakRssMiB: maxRssKiB / 1024 };
}

export async function runDecompressBench(mib = Number(process.env.BENCH_MIB ?? 1024)): Promise<DecompressBenchRow[]> {
  if (!existsSync(peer)) throw new Error(`bench: checkpointctl is missing at ${peer}`);
  const dir = process.env.BENCH_CACHE ?? path.join(homedir(), '.cache', 'checkpoint-inspector', 'bench');
  mkdirSync(dir, { recursive: true });
  const scratch = path.join(dir, 'out');
  mkdirSync(scratch, { recursive: true });
  const sink = path.join(scratch, 'decompressed.tar');
  const rows: DecompressBenchRow[] = [];
  for (const kind of ['incompressible', 'compressible'] as const) {
    const files = await fixtures(dir, mib, kind);
    for (const format of ['tar', 'tar.gz', 'tar.zst'] as const) {
      const archive = files[format];
      const seconds: Record<string, number | null> = { 'zstd -d': null, 'gzip -d': null, 'node zlib': null };
      for (const engine of ENGINES) seconds[engine] = null;
      const mine = await ours(archive, scratch);
      seconds.ours = mine.seconds;
      seconds.checkpointctl = await must(peer, ['inspect', archive, '--all', '--format', 'json']);
      if (format === 'tar.zst') {
        seconds['zstd -d'] = await must('zstd', ['-q', '-d', '-f', archive, '-o', sink]);
        const here = zstdEngine();
        for (const engine of ENGINES) {
          // node:zlib's zstd exists from Node 22.15; the others are measured wherever they load.
          if (engine === 'node:zlib' && here.engine !== 'node:zlib') continue;
          if (engine === 'zstd-napi' && here.engine === 'fzstd') continue;
          seconds[engine] = await engineSeconds(engine, archive, sink);
        }
      }
      if (format === 'tar.gz') {
        seconds['gzip -d'] = await must('bash', ['-c', 'gzip -d -c "$1" > "$2"', 'gz', archive, sink]);
        seconds['node zlib'] = await nodeGunzip(archive, sink);
      }
      rmSync(sink, { force: true });
      const tools = Object.entries(seconds).filter(
        ([name, s]) =>
          name !== 'ours' && name !== 'checkpointctl' && !(ENGINES as string[]).includes(name) && s !== null,
      );
      const fastest = Math.min(...tools.map(([, s]) => s as number));
      rows.push({
        kind,
        format,
        archiveBytes: statSync(archive).size,
        seconds,
        ratioToFastest: tools.length > 0 ? mine.seconds / fastest : null,
        firstViewSeconds: mine.seconds,
        peakRssMiB: mine.peakRssMiB,
      });
    }
  }
  return rows;
}

export function formatDecompressBench(rows: readonly DecompressBenchRow[]): string[] {
  const s = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(2)} s`);
  const { engine, missing } = zstdEngine();
  const lines = [
    `zstd engine of this runtime: ${engine} (${missing.join('; ') || 'the fastest there is'})`,
    '| memory | archive | MiB | ours | checkpointctl | zstd -d | gzip -d | node zlib | fzstd | zstd-napi | node:zlib zstd | ours / fastest | first view | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.kind} | ${r.format} | ${(r.archiveBytes / 2 ** 20).toFixed(0)} | ${s(r.seconds.ours)} | ${s(r.seconds.checkpointctl)} | ${s(r.seconds['zstd -d'])} | ${s(r.seconds['gzip -d'])} | ${s(r.seconds['node zlib'])} | ${s(r.seconds.fzstd)} | ${s(r.seconds['zstd-napi'])} | ${s(r.seconds['node:zlib'])} | ${r.ratioToFastest === null ? '—' : `${r.ratioToFastest.toFixed(2)}x`} | ${s(r.firstViewSeconds)} | ${r.peakRssMiB.toFixed(0)} MiB |`,
    );
  }
  return lines;
}
