// Runs one ported checkpointctl scenario (scenarios.ts): builds its archives
// with tar, as the suite does, runs each command with checkpointctl
// (../shared/peers/checkpointctl) and with ours (dist/cli/cli.cjs), and
// checks both against the same facts: the exit status class, the text facts,
// the JSON checks, and, for JSON output, equal values on every key both have.
// A fact checkpointctl itself fails is reported as such (the port is wrong,
// not ours).
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DATA } from './data';
import type { SuiteImages } from './images';
import type { ArchiveSpec, JsonCheck, RunSpec, Scenario } from './scenarios';
import { CHECKPOINTCTL, assertCheckpointctl } from '../support/peers';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const OURS = path.join(ROOT, 'dist/cli/cli.cjs');
const RUN_MS = 60_000;
const NOBODY = 65534;

export type Tool = 'checkpointctl' | 'ours';

export interface ToolOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails with a message naming what is missing: the reference binary, or our build. */
export function checkTools(): void {
  assertCheckpointctl();
  if (!existsSync(OURS)) throw new Error(`${OURS} is missing: run \`npm run build\` first`);
}

/** Runs one tool; `nobody`: as uid/gid 65534 with HOME=/nonexistent. */
export function runTool(tool: Tool, args: string[], opts: { cwd: string; nobody?: boolean }): Promise<ToolOutput> {
  const [cmd, argv] = tool === 'checkpointctl' ? [CHECKPOINTCTL, args] : [process.execPath, [OURS, ...args]];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: process.env.HOME };
  if (opts.nobody) env.HOME = '/nonexistent';
  return new Promise((done, fail) => {
    const child = spawn(cmd, argv, {
      cwd: opts.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.nobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** The folders a scenario works in and the paths of its archives. */
export interface ScenarioDirs {
  dir1: string;
  dir2: string;
  archives: Record<string, string>;
  remove(): Promise<void>;
}

export async function buildScenario(s: Scenario, images?: SuiteImages): Promise<ScenarioDirs> {
  const base = await mkdtemp(path.join(tmpdir(), 'checkpointctl-suite-'));
  const dir1 = path.join(base, 'dir1');
  const dir2 = path.join(base, 'dir2');
  mkdirSync(dir1);
  mkdirSync(dir2);
  // World-readable, for the scenario run as nobody.
  for (const d of [base, dir1, dir2]) chmodSync(d, 0o755);
  for (const d of s.dirs ?? []) mkdirSync(path.join(dir1, d));
  const archives: Record<string, string> = {};
  let n = 0;
  for (const a of s.archives ?? []) {
    const file = path.join(a.inDir1 ? dir1 : dir2, a.name);
    await buildArchive(a, file, path.join(base, `src${n++}`), images);
    chmodSync(file, 0o644);
    archives[a.name] = file;
  }
  return { dir1, dir2, archives, remove: () => rm(base, { recursive: true, force: true }) };
}

async function buildArchive(a: ArchiveSpec, file: string, src: string, images?: SuiteImages): Promise<void> {
  if (a.emptyFile) {
    writeFileSync(file, '');
    return;
  }
  mkdirSync(src);
  for (const [name, data] of Object.entries(a.files ?? {})) writeFileSync(path.join(src, name), DATA[data!]);
  if (a.checkpointDir || a.images) mkdirSync(path.join(src, 'checkpoint'));
  if (a.images || a.statsDump) {
    if (!images) throw new Error('this scenario needs CRIU images (the integration project)');
    if (a.statsDump) copyFileSync(path.join(images.imgs, 'stats-dump'), path.join(src, 'stats-dump'));
    if (a.images) {
      const from = images[a.images.set];
      const wanted = a.images.globs.map(globRegex);
      for (const f of readdirSync(from)) {
        if (wanted.some((re) => re.test(f))) copyFileSync(path.join(from, f), path.join(src, 'checkpoint', f));
      }
    }
  }
  if (a.rootfsDiff) {
    writeFileSync(path.join(src, 'test.pid'), DATA.pid);
    await exec('tar', ['-cf', path.join(src, 'rootfs-diff.tar'), '-C', src, 'test.pid']);
  }
  await exec('tar', [a.gzip ? '-czf' : '-cf', file, '.'], { cwd: src });
  if (a.corrupt) {
    // Fixed bytes where the suite writes random ones: the same damage, every run.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([0x9d, 0x13, 0xf7, 0x42, 0xe8, 0x05, 0xbb, 0x6a, 0xc1, 0x7e]), 0, 10, 2);
    closeSync(fd);
  }
}

/** `*` and `?` of a shell glob over file names. */
function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The scenario's placeholders filled in. */
export function expand(text: string, dirs: ScenarioDirs, images?: SuiteImages): string {
  return text.replace(/\{([^}]+)\}/g, (whole, key: string) => {
    if (key === 'DIR1') return dirs.dir1;
    if (key === 'DIR2') return dirs.dir2;
    if (key === 'SUBJECT' && images) return images.subject;
    return dirs.archives[key] ?? whole;
  });
}

/** Compares two JSON values on the keys both have; returns the paths whose values differ. */
export type SharedKeyCompare = (a: unknown, b: unknown) => string[];

/** What differs from the facts, per tool, for one run; empty when both show them. */
export async function checkRun(
  run: RunSpec,
  dirs: ScenarioDirs,
  images: SuiteImages | undefined,
  compare: SharedKeyCompare,
): Promise<{ differences: string[]; outputs: Record<Tool, ToolOutput> }> {
  const args = run.args.map((a) => expand(a, dirs, images));
  const outputs = {} as Record<Tool, ToolOutput>;
  const differences: string[] = [];
  const json: Partial<Record<Tool, unknown>> = {};
  for (const tool of ['checkpointctl', 'ours'] as const) {
    const out = await runTool(tool, args, { cwd: dirs.dir2, nobody: run.nobody });
    outputs[tool] = out;
    const say = (what: string): number => differences.push(`${tool}: ${what}`);
    const text = `${out.stdout}\n${out.stderr}`;
    if ((out.code === 0) !== (run.status === 0)) {
      const why = out.stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
      say(`exit ${out.code}, the suite wants ${run.status === 0 ? '0' : 'non-zero'} (stderr: ${why})`);
    }
    if (tool === 'checkpointctl') {
      for (const r of run.ref ?? []) if (!text.includes(expand(r, dirs, images))) say(`does not print '${r}'`);
    }
    for (const f of run.both ?? []) {
      const want = expand(f, dirs, images);
      if (!text.includes(want)) say(`does not print '${want}'`);
    }
    const lines = text.split('\n');
    for (const re of run.bothLine ?? []) {
      if (!lines.some((l) => new RegExp(re).test(l))) say(`no line matches /${re}/`);
    }
    for (const [f, n] of Object.entries(run.atLeast ?? {})) {
      const count = text.split(f).length - 1;
      if (count < n) say(`prints '${f}' ${count} times, not at least ${n}`);
    }
    if (run.json || args.some((a) => a === '--format=json')) {
      try {
        json[tool] = JSON.parse(out.stdout) as unknown;
      } catch {
        say('stdout is not JSON');
        continue;
      }
      for (const c of run.json ?? []) {
        const problem = jsonCheck(json[tool], c);
        if (problem) say(problem);
      }
    }
  }
  if (json.checkpointctl !== undefined && json.ours !== undefined) {
    for (const p of compare(json.checkpointctl, json.ours)) differences.push(`ours: JSON ${p}`);
  }
  return { differences, outputs };
}

function jsonCheck(value: unknown, c: JsonCheck): string | undefined {
  const got = at(value, c.path);
  if (c.length !== undefined) {
    if (!Array.isArray(got)) return `${c.path} is not an array`;
    const items = c.where ? got.filter((i) => matchesWhere(i, c.where!)) : got;
    return items.length === c.length
      ? undefined
      : `${c.path}${whereText(c.where)} has ${items.length} items, not ${c.length}`;
  }
  if (c.notNull && (got === null || got === undefined)) return `${c.path} is ${String(got)}`;
  if ('equals' in c && got !== c.equals) return `${c.path} is ${JSON.stringify(got)}, not ${JSON.stringify(c.equals)}`;
  if (c.matches !== undefined && !(typeof got === 'string' && new RegExp(c.matches).test(got))) {
    return `${c.path} is ${JSON.stringify(got)}, not matching /${c.matches}/`;
  }
  return undefined;
}

function at(value: unknown, dotted: string): unknown {
  let v = value;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function matchesWhere(item: unknown, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([k, v]) => at(item, k) === v);
}

function whereText(where?: Record<string, unknown>): string {
  return where ? ` where ${JSON.stringify(where)}` : '';
}

/** Every run of a scenario: its archives built, run by both, checked, cleaned up. */
export async function runScenario(
  s: Scenario,
  images: SuiteImages | undefined,
  compare: SharedKeyCompare,
): Promise<string[]> {
  const dirs = await buildScenario(s, images);
  try {
    const differences: string[] = [];
    for (const [i, run] of s.runs.entries()) {
      const r = await checkRun(run, dirs, images, compare);
      const label = s.runs.length > 1 ? `run ${i + 1} (${run.args.slice(2).join(' ')}): ` : '';
      differences.push(...r.differences.map((d) => label + d));
    }
    return differences;
  } finally {
    await dirs.remove();
  }
}
