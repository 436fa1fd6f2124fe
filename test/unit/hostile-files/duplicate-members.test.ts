// One rule for a name stored twice: the last copy, as tar extraction leaves
// it, for the listing, printing, findings and diff alike, and each duplicate
// listed as a problem; through the CLI and through the browser host.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/archive';
import { recentKey } from '../../../electron/settings/settings-store';
import type { Envelope } from '../../../shared/envelope';
import { file, tar } from '../../hostile/tar-writer';
import { startHarness, type ServeHarness } from '../hostile-serve/support/host-harness';
import { invokeOverWs } from '../serve/http-client';
import { runCliProcess, terminalControls } from '../../support/run-cli-process';
import { AWS_KEY, BACKDOOR, BENIGN, duplicatedPasswd, withRootfs } from './duplicate-archive';

let dir: string;
let cacheDir: string;
let dup: string;
const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-files-dup-'));
  cacheDir = join(dir, 'cache');
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  dup = join(dir, 'dup.tar');
  await writeFile(dup, await withRootfs(cacheDir, ...duplicatedPasswd()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the index keeps the last copy of a name', () => {
  it('lists each name once, reads the last copy and reports how many copies there were', async () => {
    const data = tar(file('a', 'first'), file('b', 'bee'), file('./a', 'second'), file('/a', 'third!'));
    const path = join(dir, 'plain.tar');
    await writeFile(path, data);
    const index = await openArchive(path, { cacheDir });
    try {
      expect(index.members.map((m) => m.name)).toEqual(['b', 'a']);
      const a = index.get('a')!;
      expect(index.members).toContain(a);
      expect((await index.readAll(a, 100)).toString()).toBe('third!');
      const dupProblems = index.problems.filter((p) => p.code === 'DUPLICATE_NAME');
      expect(dupProblems).toHaveLength(1);
      expect(dupProblems[0]).toMatchObject({ where: 'a' });
      expect(dupProblems[0]!.message).toContain('stored 3 times');
    } finally {
      await index.close();
    }
  });
});

describe('etc/passwd twice in the rootfs diff, through the CLI', () => {
  const cli = async (args: string[]) => {
    const r = await runCliProcess(args);
    expect(r.timedOut).toBe(false);
    expect(terminalControls(r.stdout)).toEqual([]);
    expect(terminalControls(r.stderr)).toEqual([]);
    return { ...r, out: r.stdout.toString(), err: r.stderr.toString() };
  };

  it('the listing shows one /etc/passwd, the last copy', async () => {
    const r = await cli(['rootfs', dup]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l.endsWith('/etc/passwd'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(` ${Buffer.byteLength(BACKDOOR)}  /etc/passwd`);
  });

  it('printing the file gives the last copy', async () => {
    for (const path of ['etc/passwd', '/etc/passwd']) {
      const r = await cli(['rootfs', dup, path]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(BACKDOOR);
    }
  });

  it('findings report the key in the last copy', async () => {
    const r = await cli(['findings', dup, '--no-memory', '--format', 'json']);
    const report = JSON.parse(r.out) as { findings: { ruleId: string; locations: unknown[] }[] };
    const inPasswd = report.findings.filter((f) => JSON.stringify(f.locations).includes('/etc/passwd'));
    expect(inPasswd.map((f) => f.ruleId)).toContain('aws-access-key-id');
  });

  it('diff compares the last copy: the same as an archive holding only it, changed against the benign one', async () => {
    const onlyLast = join(dir, 'only-last.tar');
    await writeFile(onlyLast, await withRootfs(cacheDir, file('etc/passwd', BACKDOOR), file('etc/hostname', 'web\n')));
    const onlyFirst = join(dir, 'only-first.tar');
    await writeFile(onlyFirst, await withRootfs(cacheDir, file('etc/passwd', BENIGN), file('etc/hostname', 'web\n')));
    const same = await cli(['diff', dup, onlyLast, '--format', 'json']);
    const d1 = JSON.parse(same.out) as { rootfs_changes: { changed: { path: string }[] } };
    expect(d1.rootfs_changes.changed).toEqual([]);
    const other = await cli(['diff', dup, onlyFirst, '--format', 'json']);
    const d2 = JSON.parse(other.out) as {
      rootfs_changes: { changed: { path: string; before: string; after: string }[] };
    };
    expect(d2.rootfs_changes.changed).toEqual([{ path: '/etc/passwd', before: sha(BACKDOOR), after: sha(BENIGN) }]);
  });

  it('show lists both duplicates as problems, with the number of copies, and exits incomplete', async () => {
    const r = await cli(['show', dup]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('DUPLICATE_NAME');
    expect(r.err).toMatch(/rootfs-diff\.tar:etc\/passwd[^\n]*stored 2 times/);
    expect(r.err).toMatch(/member rootfs-diff\.tar is stored 2 times/);
  });
});

describe('etc/passwd twice in the rootfs diff, through the browser host (WebSocket)', () => {
  let h: ServeHarness;
  let ws: WebSocket;
  const call = async <T>(channel: string, args: unknown): Promise<T> => {
    const env = (await invokeOverWs(ws, channel, args)) as Envelope<T>;
    if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
    return env.value;
  };

  beforeAll(async () => {
    h = await startHarness();
    ws = await h.connect();
    await h.core.composed.core.settings.addRecent(dup, null);
  });
  afterAll(async () => {
    ws?.terminate();
    await h?.dispose();
  });

  it('members once, rootfs and file contents of the last copy, findings on it, the duplicates as problems', async () => {
    const summary = await call<{ archiveId: string; warnings: { where: string; code: string; message: string }[] }>(
      'archive.openRecent',
      { key: recentKey(dup) },
    );
    const { archiveId } = summary;
    const dups = summary.warnings.filter((w) => w.code === 'DUPLICATE_NAME');
    expect(dups.map((w) => w.where).sort()).toEqual(['rootfs-diff.tar', 'rootfs-diff.tar:etc/passwd']);
    expect(dups.every((w) => w.message.includes('stored 2 times'))).toBe(true);

    const members = await call<{ name: string; size: number }[]>('archive.members', { archiveId });
    const names = members.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n === 'rootfs-diff.tar')).toHaveLength(1);

    const rootfs = await call<{ path: string; size: number }[]>('inspect.rootfs', { archiveId });
    expect(rootfs.filter((e) => e.path === '/etc/passwd')).toEqual([
      expect.objectContaining({ size: Buffer.byteLength(BACKDOOR) }),
    ]);
    const page = await call<{ data: string }>('inspect.readRootfsFile', {
      archiveId,
      path: '/etc/passwd',
      offset: 0,
      length: 4096,
    });
    expect(Buffer.from(page.data, 'base64').toString()).toBe(BACKDOOR);

    const findings = await call<{ findings: { id: string; ruleId: string; locations: unknown[] }[] }>(
      'inspect.findings',
      {
        archiveId,
        memory: false,
      },
    );
    const inPasswd = findings.findings.filter((f) => JSON.stringify(f.locations).includes('/etc/passwd'));
    expect(inPasswd.map((f) => f.ruleId)).toContain('aws-access-key-id');
    const revealed = await Promise.all(
      inPasswd.map((f) => call<{ value: string }>('inspect.revealFinding', { archiveId, findingId: f.id })),
    );
    expect(revealed.map((r) => r.value)).toContain(AWS_KEY);
  });
});
