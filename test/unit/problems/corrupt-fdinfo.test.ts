// One real archive, one process's fdinfo image made undecodable: every view
// that needs it says so (member and pid), and the other processes still show.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { terminalSafe } from '../../../shared/terminal-safe';
import { diffArchives } from '../../../electron/inspect/diff/diff-archives';
import { openArchive } from '../../../electron/inspect/open-archive';
import { renderReportHtml } from '../../../electron/inspect/report/report-html';
import { buildReport } from '../../../electron/inspect/report/report-model';
import type { InspectSession } from '../../../electron/inspect/session';
import { rawEntries } from '../../hostile/fixture-images';
import { CRI_FIXTURE, writeCorruptFixture } from '../../support/corrupt-member';
import { runCliCaptured } from '../../support/run-cli-captured';

const MEMBER = 'checkpoint/fdinfo-3.img';
const MANIFEST = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/containerd-cri-web.manifest.json'), 'utf8'),
) as { processes: { pid: number }[]; openFiles: Record<string, string[]> };
/** The process whose descriptor table is fdinfo-3 (its ids image names files_id 3). */
const PID = MANIFEST.processes
  .map((p) => p.pid)
  .find((pid) => Number(rawEntries(`ids-${pid}.img`)[0]?.['files_id']) === 3);
/** A process with open files of its own whose table is intact. */
const OTHER = Object.keys(MANIFEST.openFiles)
  .map(Number)
  .find((pid) => pid !== PID) as number;

let dir: string;
let corrupt: string;
const sessions: InspectSession[] = [];

async function open(path: string): Promise<InspectSession> {
  const cacheDir = await mkdtemp(join(dir, 'cache-'));
  const s = await openArchive(path, { archiveId: `a${sessions.length}`, cacheDir });
  sessions.push(s);
  return s;
}

const cli = runCliCaptured;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-corrupt-fdinfo-'));
  corrupt = writeCorruptFixture(join(dir, 'corrupt.tar'), MEMBER);
});

afterAll(async () => {
  for (const s of sessions) await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a process whose fdinfo image does not decode', () => {
  it('is a fixture worth testing: that process has open files in the intact archive', async () => {
    expect(PID).toBeDefined();
    expect(OTHER).toBeDefined();
    const files = await (await open(CRI_FIXTURE)).files();
    expect(files.problems).toEqual([]);
    expect(files.rows.some((r) => r.pid === PID)).toBe(true);
  });

  it('files and sockets views: the other processes rows, and a problem naming the member and pid', async () => {
    const s = await open(corrupt);
    const files = await s.files();
    expect(files.rows.some((r) => r.pid === PID)).toBe(false);
    const others = files.rows.filter((r) => r.pid === OTHER).map((r) => r.path);
    for (const path of MANIFEST.openFiles[String(OTHER)] ?? []) expect(others).toContain(path);
    expect(files.problems).toEqual([expect.objectContaining({ where: MEMBER, pid: PID, code: 'IMAGE_CORRUPT' })]);
    const sockets = await s.sockets();
    expect(sockets.problems).toEqual([expect.objectContaining({ where: MEMBER, pid: PID })]);
  });

  it('process detail: a problem beside the parts that were read, not a silent empty list', async () => {
    const s = await open(corrupt);
    const detail = await s.process(PID as number);
    expect(detail.files).toEqual([]);
    expect(detail.problems).toEqual([expect.objectContaining({ where: MEMBER, pid: PID, code: 'IMAGE_CORRUPT' })]);
    // What does not need the fd table is still there.
    expect(detail.environment.length).toBeGreaterThan(0);
    expect(detail.vmas.length).toBeGreaterThan(0);
    const other = await s.process(OTHER);
    expect(other.problems).toEqual([]);
    expect(other.files.length).toBeGreaterThan(0);
  });

  it('CLI inspect --files prints the others files, names the problem on stderr and exits incomplete', async () => {
    const r = await cli(['inspect', corrupt, '--files']);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.code).not.toBe(EXIT.ok);
    for (const path of MANIFEST.openFiles[String(OTHER)] ?? []) expect(r.out).toContain(path);
    const lines = r.err.split('\n').filter((l) => l.includes('problem:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`checkpoint-inspector: ${corrupt}: problem: ${MEMBER} pid ${PID}: `);
    expect(lines[0]).toContain('(IMAGE_CORRUPT)');
    // The intact archive: same command, nothing on stderr, exit 0.
    const clean = await cli(['inspect', CRI_FIXTURE, '--files']);
    expect(clean).toMatchObject({ code: EXIT.ok, err: '' });
  });

  it('CLI inspect --format json carries a problems array', async () => {
    const r = await cli(['inspect', corrupt, '--files', '--format', 'json']);
    expect(r.code).toBe(EXIT.incomplete);
    const nodes = JSON.parse(r.out) as { problems: unknown[]; file_descriptors: { pid: number }[] }[];
    expect(nodes[0]?.problems).toEqual([expect.objectContaining({ where: MEMBER, pid: PID, code: 'IMAGE_CORRUPT' })]);
    expect(nodes[0]?.file_descriptors.map((f) => f.pid)).toContain(OTHER);
    const clean = JSON.parse((await cli(['inspect', CRI_FIXTURE, '--files', '--format', 'json'])).out) as {
      problems: unknown[];
    }[];
    expect(clean[0]?.problems).toEqual([]);
  });

  it('the report (JSON and HTML) lists the problem', async () => {
    const s = await open(corrupt);
    const report = await buildReport(s, { memory: false });
    expect(report.problems).toContainEqual(expect.objectContaining({ where: MEMBER, pid: PID }));
    expect(report.files.some((f) => f.pid === OTHER)).toBe(true);
    const html = renderReportHtml(report);
    expect(html).toContain(MEMBER);
    const out = join(dir, 'report.json');
    const r = await cli(['report', corrupt, '--output', out, '--format', 'json', '--no-memory']);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.err).toContain(`problem: ${MEMBER} pid ${PID}`);
    const json = JSON.parse(await readFile(out, 'utf8')) as { problems: { where: string; pid?: number }[] };
    expect(json.problems).toContainEqual(expect.objectContaining({ where: MEMBER, pid: PID }));
  });

  it('the diff says which side could not be read', async () => {
    const d = await diffArchives(await open(CRI_FIXTURE), await open(corrupt));
    expect(d.problems).toContainEqual(expect.objectContaining({ side: 'b', where: MEMBER, pid: PID }));
    expect(d.problems.filter((p) => p.side === 'a')).toEqual([]);
    const r = await cli(['diff', CRI_FIXTURE, corrupt, '--files']);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.err).toContain(`${corrupt}: problem: ${MEMBER} pid ${PID}`);
  });
});

describe('mounts', () => {
  it('one unreadable mountpoints image is a problem; the spec mounts are still listed', async () => {
    const path = writeCorruptFixture(join(dir, 'mounts.tar'), 'checkpoint/mountpoints-13.img');
    const view = await (await open(path)).mounts();
    expect(view.rows.some((m) => m.source === 'spec')).toBe(true);
    expect(view.rows.some((m) => m.source === 'criu')).toBe(false);
    expect(view.problems).toEqual([
      expect.objectContaining({ where: 'checkpoint/mountpoints-13.img', code: 'IMAGE_CORRUPT' }),
    ]);
    const clean = await (await open(CRI_FIXTURE)).mounts();
    expect(clean.problems).toEqual([]);
    expect(clean.rows.some((m) => m.source === 'criu')).toBe(true);
  });
});

describe('terminal-safe problem lines', () => {
  it('escapes control characters from the archive', () => {
    expect(terminalSafe('a\u001b[31mb\nc\u202ed')).toBe('a\\x1b[31mb\\x0ac\\u202ed');
  });
});
