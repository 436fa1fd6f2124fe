// The journal of checkpoints in progress: what it writes, when an owner
// counts as gone, the one-recoverer claim, and which temp files it may remove.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimEntry, journalDir, JournalRecord, readJournal } from '../../../electron/checkpoint/journal';
import {
  currentOwner,
  ownerAlive,
  ownerLabel,
  parseOwnerLabel,
  processStartTicks,
} from '../../../electron/checkpoint/journal-owner';
import { isOurTempName, removeTemps } from '../../../electron/checkpoint/journal-run';
import { LEASE_LABEL, leaseLabels } from '../../../electron/checkpoint/types';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'h-paused-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = (outputPath = '/out/x.tar') => ({
  socketPath: '/run/containerd/containerd.sock',
  namespace: 'k8s.io',
  containerId: 'c1',
  outputPath,
});
const dead = { pid: 2 ** 22 + 7, startTicks: 1, bootId: currentOwner().bootId };

describe('journal entries', () => {
  it('writes the entry (mode 0600, folder 0700) before anything is held, and keeps it in step', async () => {
    const jd = journalDir(dir);
    const record = await JournalRecord.begin(jd, start());
    expect((await stat(jd)).mode & 0o777).toBe(0o700);
    expect((await stat(record.file)).mode & 0o777).toBe(0o600);
    const first = (await readJournal(jd))[0]!;
    expect(first.entry).toMatchObject({
      ...start(),
      owner: currentOwner(),
      host: os.hostname(),
      leaseId: null,
      paused: false,
      tempPaths: [],
    });
    expect(record.clean).toBe(true);

    await record.note({ paused: true });
    await record.note({ leaseId: 'L1', addTemp: '/out/.criu-work-abcdef' });
    expect((await readJournal(jd))[0]!.entry).toMatchObject({
      paused: true,
      leaseId: 'L1',
      tempPaths: ['/out/.criu-work-abcdef'],
    });
    expect(record.clean).toBe(false);
    expect(record.held).toEqual({ paused: true, lease: true, temp: true });

    await record.note({ paused: false });
    await record.note({ leaseId: null, dropTemp: '/out/.criu-work-abcdef' });
    expect(record.clean).toBe(true);
    await record.remove();
    expect(await readdir(jd)).toEqual([]);
  });

  it('labels the lease with the entry and its owner', async () => {
    const record = await JournalRecord.begin(journalDir(dir), start());
    const labels = leaseLabels('c1', Date.parse('2026-01-01T00:00:00Z'), record);
    expect(labels).toMatchObject({
      'containerd.io/gc.expire': '2026-01-01T01:00:00Z',
      [LEASE_LABEL.journal]: record.id,
      [LEASE_LABEL.owner]: ownerLabel(),
      [LEASE_LABEL.host]: os.hostname(),
      [LEASE_LABEL.pid]: String(process.pid),
    });
  });

  it('reads a missing folder as empty and reports a damaged file instead of acting on it', async () => {
    expect(await readJournal(path.join(dir, 'none'))).toEqual([]);
    const jd = journalDir(dir);
    await mkdir(jd, { recursive: true });
    await writeFile(path.join(jd, `${'a'.repeat(32)}.json`), '{"version":1,"id":"x"');
    await writeFile(path.join(jd, 'unrelated.txt'), 'x');
    const read = await readJournal(jd);
    expect(read).toHaveLength(1);
    expect(read[0]!.entry).toBeNull();
    expect(read[0]!.problem).toBeTruthy();
  });
});

describe('owners', () => {
  it('this process is alive; a pid that does not exist, another boot or another start time is gone', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.startTicks).toBe(processStartTicks(process.pid));
    expect(ownerAlive(me)).toBe(true);
    expect(ownerAlive(dead)).toBe(false);
    expect(ownerAlive({ ...me, bootId: '00000000-0000-0000-0000-000000000000' })).toBe(false);
    expect(ownerAlive({ ...me, startTicks: (me.startTicks ?? 0) + 1 })).toBe(false);
  });

  it('round-trips the owner label and refuses junk', () => {
    expect(parseOwnerLabel(ownerLabel(dead))).toEqual(dead);
    expect(parseOwnerLabel('junk')).toBeNull();
  });
});

describe('claims', () => {
  it('one recoverer per entry; a claim whose claimer is gone is taken over', async () => {
    const file = path.join(dir, `${'b'.repeat(32)}.json`);
    const release = await claimEntry(file, ownerAlive);
    expect(release).not.toBeNull();
    // Held by a live process (this one): a second claim is refused.
    expect(await claimEntry(file, ownerAlive)).toBeNull();
    await release!();
    // Left by a dead claimer: taken over.
    await writeFile(file.replace(/\.json$/, '.claim'), ownerLabel(dead));
    const again = await claimEntry(file, ownerAlive);
    expect(again).not.toBeNull();
    expect(await readFile(file.replace(/\.json$/, '.claim'), 'utf8')).toBe(ownerLabel());
    await again!();
  });
});

describe('temp files', () => {
  it('knows our temp names and nothing else', () => {
    expect(isOurTempName('/a/.criu-work-Ab12_z')).toBe(true);
    expect(isOurTempName('/a/.criu-work-x/images-Q1w2e3')).toBe(true);
    expect(isOurTempName(`/a/.x.tar.partial-${'0'.repeat(24)}`)).toBe(true);
    expect(isOurTempName(`/a/.x.tar.cri-${'f'.repeat(24)}`)).toBe(true);
    expect(isOurTempName('/a/x.tar')).toBe(false);
    expect(isOurTempName('/home/user')).toBe(false);
    expect(isOurTempName('/')).toBe(false);
  });

  it('removes the listed temp files that are ours, only forgets the others', async () => {
    const record = await JournalRecord.begin(journalDir(dir), start(path.join(dir, 'x.tar')));
    const work = path.join(dir, '.criu-work-abc123');
    await mkdir(path.join(work, 'images-def456'), { recursive: true });
    await writeFile(path.join(work, 'images-def456', 'pages-1.img'), 'x');
    const notOurs = path.join(dir, 'precious.tar');
    await writeFile(notOurs, 'keep me');
    await record.note({ addTemp: work });
    await record.note({ addTemp: notOurs });
    await record.note({ addTemp: path.join(dir, `.x.tar.partial-${'1'.repeat(24)}`) });
    expect(await removeTemps(record)).toEqual([work]);
    expect((await readdir(dir)).sort()).toEqual(['checkpoints-in-progress', 'precious.tar']);
    expect(record.entry.tempPaths).toEqual([]);
  });
});
