// A destination we cannot write gets a message of its own per cause, before
// anything is paused: read-only, full, missing, not permitted; never a raw
// `EROFS ... mkdtemp`. (The real read-only and full file systems are in the
// integration test checkpoint-destinations.test.ts.)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { ArchiveFile, assertCanWrite, fileError } from '../../../electron/checkpoint/archive-file';
import { ArchiveNotes, NOTES_MEMBER } from '../../../electron/checkpoint/archive-notes';
import { fsError } from '../../../electron/fs/output-file';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'h-paths-dest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const errno = (code: string) => Object.assign(new Error(`${code}: raw text, mkdtemp '/x/.criu-work-'`), { code });

describe('one message per cause', () => {
  it.each([
    [
      'EROFS',
      'PERMISSION_DENIED',
      'read-only',
      /\/out is on a read-only file system: choose a folder on a writable one/,
    ],
    ['ENOSPC', 'DISK_FULL', 'full', /no space left in \/out to write a\.tar \(ENOSPC\): free some space/],
    ['EDQUOT', 'DISK_FULL', 'full', /no space left in \/out/],
    ['ENOENT', 'INVALID_ARGUMENT', 'missing', /the folder \/out does not exist: create it or choose another folder/],
    [
      'EACCES',
      'PERMISSION_DENIED',
      'not-permitted',
      /not permitted to write in \/out \(EACCES\): choose a folder you may write to/,
    ],
    ['EPERM', 'PERMISSION_DENIED', 'not-permitted', /not permitted to write in \/out \(EPERM\)/],
  ])('%s', (code, ours, reason, text) => {
    const e = fsError(errno(code), '/out/a.tar');
    expect(isAppError(e) && e.code).toBe(ours);
    expect(isAppError(e) && e.details?.reason).toBe(reason);
    expect((e as Error).message).toMatch(text);
    expect((e as Error).message).not.toMatch(/mkdtemp|raw text/);
    // The checkpoint's own mapping agrees.
    expect(fileError(errno(code), '/out/a.tar').message).toBe((e as Error).message);
  });

  it('an unknown errno keeps its text, as CHECKPOINT_FAILED for an archive', () => {
    expect(fileError(errno('EIO'), '/out/a.tar')).toMatchObject({ code: 'CHECKPOINT_FAILED' });
  });
});

describe('checked before anything is paused', () => {
  it('a folder we may write passes and keeps no probe file', async () => {
    await assertCanWrite(path.join(dir, 'a.tar'), 1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('more than the free space is DISK_FULL, with both sizes', async () => {
    const e = await assertCanWrite(path.join(dir, 'a.tar'), Number.MAX_SAFE_INTEGER).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DISK_FULL', details: { needBytes: Number.MAX_SAFE_INTEGER } });
    expect((e as Error).message).toMatch(/the archive needs [\d.]+ MiB, [\d.]+ MiB are free/);
  });

  it('a missing folder', async () => {
    const e = await assertCanWrite(path.join(dir, 'gone', 'a.tar')).catch((x: unknown) => x);
    expect((e as Error).message).toContain('does not exist');
  });
});

describe("the archive's notes member", () => {
  it('says how the archive was made and what it lacks, once per member', async () => {
    const target = path.join(dir, 'notes.tar');
    const archive = await ArchiveFile.create(target);
    const notes = new ArchiveNotes();
    notes.add({ code: 'NO_STATS_DUMP', member: 'stats-dump', message: 'why' });
    notes.add({ code: 'NO_STATS_DUMP', member: 'stats-dump', message: 'again' });
    await notes.writeTo(archive, { via: 'native', how: 'native-streamed' });
    await archive.commit();
    const { execFileSync } = await import('node:child_process');
    const body = JSON.parse(execFileSync('tar', ['-xOf', target, NOTES_MEMBER]).toString()) as unknown;
    expect(body).toEqual({
      writer: 'checkpoint-inspector',
      via: 'native',
      how: 'native-streamed',
      notes: [{ code: 'NO_STATS_DUMP', member: 'stats-dump', message: 'why' }],
    });
    expect(notes.list()).toHaveLength(1);
    await rm(target);
  });
});
