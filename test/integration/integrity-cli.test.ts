// Evidence integrity through the built CLI, as an analyst uses it: the
// custody log records the open and the report export; verify of the JSON
// report against its archive passes; against a copy with one byte of one
// member changed it fails (exit 1) naming that member, by the report and by
// a sha256sum list from `hash` alike, and the custody log records both.
import { copyFile, mkdtemp, open as openFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/archive';
import { runCliProcess } from '../support/run-cli-process';
import type { CustodyLog, VerifyResult } from '../../shared/dto';

const FIXTURE = join(__dirname, '../fixtures/containerd-cri-web.tar');
const MEMBER = 'checkpoint/pstree.img';
let dir: string;
let env: NodeJS.ProcessEnv;

const cli = async (args: string[]) => {
  const r = await runCliProcess(args, { env, timeoutMs: 60_000 });
  expect(r.timedOut).toBe(false);
  return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-integrity-cli-'));
  env = { XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the archive with one byte of `member` changed (size and layout kept). */
async function tamperedCopy(source: string, member: string, target: string): Promise<void> {
  await copyFile(source, target);
  const index = await openArchive(target, { cacheDir: join(dir, 'cache') });
  const m = index.get(member)!;
  await index.close();
  const fh = await openFile(target, 'r+');
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, m.dataOffset + 3);
    b[0] = b[0]! ^ 0xff;
    await fh.write(b, 0, 1, m.dataOffset + 3);
  } finally {
    await fh.close();
  }
}

describe('integrity through the CLI', () => {
  it('records the open and the export, verifies a report, and names the one member changed in a copy', async () => {
    const archive = join(dir, 'web.tar');
    await copyFile(FIXTURE, archive);
    const report = join(dir, 'web-report.json');
    const made = await cli(['report', archive, '--output', report, '--format', 'json']);
    expect(made.code, made.stderr).toBe(0);
    const inReport = JSON.parse(await readFile(report, 'utf8')) as { integrity: { members: { name: string }[] } };
    expect(inReport.integrity.members.map((m) => m.name)).toContain(MEMBER);

    const custody = await cli(['custody', '--format', 'json']);
    expect(custody.code, custody.stderr).toBe(0);
    const log = JSON.parse(custody.stdout) as CustodyLog;
    expect(log.broken).toEqual([]);
    expect(log.entries.map((e) => e.action)).toEqual(['opened', 'exported']);
    expect(log.entries[0]!.archive).toMatchObject({ path: archive, size: (await readFile(archive)).length });
    expect(log.entries[1]).toMatchObject({ what: 'report (json)', target: report, user: { uid: process.getuid!() } });
    const table = await cli(['custody']);
    expect(table.stdout).toMatch(/opened[\s\S]*exported\s+\S+.*report \(json\) -> /);

    const ok = await cli(['verify', archive, '--against', report]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: \d+ same, 0 differ, 0 missing, 0 extra \(against a report\)$/m);

    const list = join(dir, 'web.sha256');
    const hashed = await cli(['hash', archive]);
    expect(hashed.code, hashed.stderr).toBe(0);
    await writeFile(list, hashed.stdout);

    const changed = join(dir, 'web-changed.tar');
    await tamperedCopy(archive, MEMBER, changed);
    for (const against of [report, list]) {
      const bad = await cli(['verify', changed, '--against', against, '--format', 'json']);
      expect(bad.code, bad.stderr).toBe(1);
      expect(bad.stderr).toContain('verify failed');
      const result = JSON.parse(bad.stdout) as VerifyResult;
      expect(result.ok).toBe(false);
      const differing = result.rows.filter((r) => r.status !== 'same');
      expect(differing.map((r) => [r.name, r.isArchive, r.status])).toEqual([
        ['web-changed.tar', true, 'differs'],
        [MEMBER, false, 'differs'],
      ]);
    }
    const text = await cli(['verify', changed, '--against', list]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`DIFFERS\\s+${MEMBER.replace(/[./]/g, '\\$&')}\\s`));

    const after = JSON.parse((await cli(['custody', '--format', 'json'])).stdout) as CustodyLog;
    const verified = after.entries.filter((e) => e.action === 'verified');
    expect(verified.map((e) => [e.archive.path, e.detail?.['ok']])).toEqual([
      [archive, true],
      [changed, false],
      [changed, false],
      [changed, false],
    ]);
    // Appended only: the first two lines are still the open and the export.
    expect(after.entries.slice(0, 2)).toEqual(log.entries);
  });
});
