// The custody log: each record is one fsynced JSON line with when, who, host,
// archive and what; lines are only ever appended; a broken line is listed as
// broken (with its number), never dropped or repaired; a log that cannot be
// written is a problem, not an exception.
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureCustody, custodyFile, recordCustody } from '../../../electron/app/custody';
import { parseCustody, readCustody } from '../../../electron/app/custody-read';

let dir: string;
const archive = { path: '/evidence/web.tar', size: 1234 };

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'h-integrity-custody-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recordCustody', () => {
  it('appends one line per record with when (UTC), who, host, archive and what', async () => {
    const userDataDir = join(dir, 'one');
    configureCustody({ userDataDir, tool: 'test' });
    const opened = await recordCustody(archive, { action: 'opened' });
    expect(opened.ok).toBe(true);
    const sha = 'ab'.repeat(32);
    await recordCustody(
      { ...archive, sha256: sha },
      {
        action: 'exported',
        what: 'core file',
        target: '/tmp/core.1',
        detail: { pid: 1 },
      },
    );
    const text = await readFile(custodyFile(userDataDir), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    const log = await readCustody(custodyFile(userDataDir));
    expect(log.broken).toEqual([]);
    expect(log.entries).toHaveLength(2);
    const [a, b] = log.entries;
    expect(a).toMatchObject({ line: 1, action: 'opened', tool: 'test', host: os.hostname(), pid: process.pid });
    expect(a!.archive).toEqual({ path: '/evidence/web.tar', size: 1234, sha256: null });
    expect(a!.user.uid).toBe(process.getuid!());
    expect(a!.user.name).toBe(os.userInfo().username);
    expect(a!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(b).toMatchObject({ action: 'exported', what: 'core file', target: '/tmp/core.1', detail: { pid: 1 } });
    expect(b!.archive.sha256).toBe(sha);
  });

  it('keeps what was there byte for byte and lists broken lines instead of dropping them', async () => {
    const userDataDir = join(dir, 'two');
    configureCustody({ userDataDir });
    await recordCustody(archive, { action: 'opened' });
    const file = custodyFile(userDataDir);
    await appendFile(file, 'this is not json\n{"v":1,"action":"opened"}\n');
    const before = await readFile(file);
    await recordCustody(archive, { action: 'hashed' });
    const after = await readFile(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    await appendFile(file, '{"v":1,"cut short');
    const log = await readCustody(file);
    expect(log.entries.map((e) => [e.line, e.action])).toEqual([
      [1, 'opened'],
      [4, 'hashed'],
    ]);
    expect(log.broken.map((b) => [b.line, b.reason.split(' (')[0]])).toEqual([
      [2, 'not JSON'],
      [3, 'not a custody entry'],
      [5, 'the last line has no newline'],
    ]);
  });

  it('reports a log that cannot be written as a problem, and a missing log as empty', async () => {
    const blocked = join(dir, 'blocked');
    await mkdir(blocked);
    // The log's name is taken by a folder: nothing can be appended there (root ignores modes, not this).
    await mkdir(join(blocked, 'custody.jsonl'));
    configureCustody({ userDataDir: blocked });
    const outcome = await recordCustody(archive, { action: 'opened' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.message).toContain('custody log could not be written');
    expect(await readCustody(join(dir, 'nowhere', 'custody.jsonl'))).toMatchObject({ entries: [], broken: [] });
  });

  it('refuses to write through a symlink planted as the log', async () => {
    const userDataDir = join(dir, 'link');
    await mkdir(userDataDir);
    const victim = join(dir, 'victim');
    await writeFile(victim, 'keep me');
    await chmod(victim, 0o644);
    await symlink(victim, join(userDataDir, 'custody.jsonl'));
    configureCustody({ userDataDir });
    expect((await recordCustody(archive, { action: 'opened' })).ok).toBe(false);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
  });

  it('parses an empty log as empty', () => {
    expect(parseCustody('')).toEqual({ entries: [], broken: [] });
  });
});
