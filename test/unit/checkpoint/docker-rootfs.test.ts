import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ArchiveFile } from '../../../electron/checkpoint/archive-file';
import { ArchiveNotes } from '../../../electron/checkpoint/archive-notes';
import {
  addRootfsDiff,
  dockerFacts,
  dropRootfsDiff,
  takeRootfsDiff,
  type DockerFacts,
  type RootfsDiffOptions,
} from '../../../electron/checkpoint/docker-rootfs';
import type { ContainerdClient } from '../../../electron/containerd/client';
import type { ContainerRecord } from '../../../electron/containerd/messages';
import { dockerRecord } from '../containerd/docker-record';
import { tarMembers } from './docker-tar-members';

// The snapshot diff is containerd's (rootfs-diff.ts, tested on the testbed): here only which record it is asked for.
const snapshotDiffs = vi.hoisted(() => [] as { snapshotter: string; key: string }[]);
vi.mock('../../../electron/checkpoint/rootfs-diff', () => ({
  rootfsDiff: async (_rpc: unknown, record: ContainerRecord) => {
    snapshotDiffs.push({ snapshotter: record.snapshotter, key: record.snapshot_key });
    return { media_type: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:ab', size: 3, annotations: {} };
  },
}));

const dir = mkdtempSync(path.join(os.tmpdir(), 'h-docker-rootfs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ID = 'e'.repeat(64);

function container(over: Partial<ContainerRecord> = {}): ContainerRecord {
  return dockerRecord(ID, null, over);
}

const client = { rpc: {} } as unknown as ContainerdClient;
const said: string[] = [];
const opts: RootfsDiffOptions = {
  namespace: 'moby',
  lease: 'lease-1',
  timeoutMs: 10_000,
  containerdPid: null,
  outputPath: path.join(dir, 'out.tar'),
  say: (m) => said.push(m),
};
const overlay2 = (upper: string): DockerFacts => ({
  inspect: {
    ok: true,
    socket: '/s',
    value: {
      id: ID,
      name: 'web',
      imageName: 'busybox:latest',
      imageId: null,
      driver: 'overlay2',
      graphDriver: { name: 'overlay2', data: { UpperDir: upper } },
    },
  },
  name: 'web',
  image: 'busybox:latest',
});

const archiveMembers = async (file: string) =>
  new Map((await tarMembers(readFileSync(file))).map((m) => [m.header.name, m.body]));

describe('the rootfs diff of a native checkpoint', () => {
  it("asks containerd's diff of the container's own snapshot when it has one", async () => {
    const rw = await takeRootfsDiff(client, container({ snapshotter: 'overlayfs', snapshot_key: ID }), null, opts);
    expect(rw).toMatchObject({ kind: 'content', size: 3 });
    expect(snapshotDiffs.at(-1)).toEqual({ snapshotter: 'overlayfs', key: ID });
  });

  it("spools a Docker container's overlay2 upper folder beside the archive, adds it gzip-compressed, and drops it", async () => {
    const upper = path.join(dir, 'upper');
    mkdirSync(upper);
    writeFileSync(path.join(upper, 'hello.txt'), 'hello');
    const rw = await takeRootfsDiff(client, container(), overlay2(upper), opts);
    expect(rw).toMatchObject({ kind: 'file', problems: [] });
    if (rw.kind !== 'file') throw new Error('not a file');
    expect(path.dirname(rw.path)).toBe(dir);
    expect(rw.size).toBe(readFileSync(rw.path).length);
    expect(said).toContain(`the rootfs diff comes from Docker's overlay2 upper folder ${upper}`);

    const notes = new ArchiveNotes();
    const archive = await ArchiveFile.create(path.join(dir, 'a.tar'));
    let counted = 0;
    await addRootfsDiff(
      archive,
      rw,
      () => Readable.from([]),
      notes,
      (n) => (counted += n),
    );
    await archive.commit();
    const layer = (await archiveMembers(path.join(dir, 'a.tar'))).get('rootfs-diff.tar')!;
    expect(gunzipSync(layer).includes(Buffer.from('hello.txt'))).toBe(true);
    expect(counted).toBe(rw.size);
    expect(notes.list()).toEqual([]);

    expect(readdirSync(dir).filter((n) => n.includes('rootfs-gz'))).toEqual([]); // the gzip spool is gone
    await dropRootfsDiff(rw);
    await dropRootfsDiff(rw);
    expect(existsSync(rw.path)).toBe(false);
  });

  it("diffs the snapshot named by the container's id when Docker keeps it in containerd's image store", async () => {
    const withSnapshot = {
      rpc: { unary: async (_s: string, _m: string, req: { key: string }) => ({ info: { name: req.key } }) },
    } as unknown as ContainerdClient;
    const facts: DockerFacts = {
      inspect: {
        ok: true,
        socket: '/s',
        value: { id: ID, name: 'web', imageName: null, imageId: null, driver: 'overlayfs', graphDriver: null },
      },
      name: 'web',
      image: '',
    };
    const rw = await takeRootfsDiff(withSnapshot, container(), facts, opts);
    expect(rw).toMatchObject({ kind: 'content' });
    expect(snapshotDiffs.at(-1)).toEqual({ snapshotter: 'overlayfs', key: ID });
  });

  it('has none, says so in progress and in the archive notes, for a container without snapshot or Docker', async () => {
    said.length = 0;
    const rw = await takeRootfsDiff(client, container(), null, opts);
    expect(rw).toMatchObject({ kind: 'none', reason: expect.stringContaining('has no snapshot') });
    expect(said).toEqual([expect.stringMatching(/^no rootfs diff: the container has no snapshot/)]);
    const notes = new ArchiveNotes();
    const archive = await ArchiveFile.create(path.join(dir, 'b.tar'));
    await addRootfsDiff(
      archive,
      rw,
      () => Readable.from([]),
      notes,
      () => undefined,
    );
    await archive.commit();
    expect(notes.list()).toEqual([
      { code: 'NO_ROOTFS_DIFF', member: 'rootfs-diff.tar', message: expect.stringContaining('has no snapshot') },
    ]);
    expect((await archiveMembers(path.join(dir, 'b.tar'))).has('rootfs-diff.tar')).toBe(false);
  });

  it('notes what the diff left out, a few by name', async () => {
    const spool = path.join(dir, 'spool.gz');
    writeFileSync(spool, 'zz');
    const problems = Array.from({ length: 7 }, (_, i) => ({ path: `s${i}`, message: 'a socket' }));
    const notes = new ArchiveNotes();
    const archive = await ArchiveFile.create(path.join(dir, 'c.tar'));
    await addRootfsDiff(
      archive,
      { kind: 'file', path: spool, size: 2, problems },
      () => Readable.from([]),
      notes,
      () => undefined,
    );
    await archive.abort();
    expect(notes.list()).toEqual([
      {
        code: 'ROOTFS_DIFF_INCOMPLETE',
        member: 'rootfs-diff.tar',
        message: expect.stringMatching(/7 entries \(s0: a socket; .*s4: a socket; 2 more\)/),
      },
    ]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.c.tar'))).toEqual([]);
  });

  it("gives config.dump Docker's name and image: the Engine API's, else config.v2.json's, none for others", async () => {
    const facts = (inspect: unknown) =>
      dockerFacts(
        { docker: { inspect: async () => inspect } } as unknown as ContainerdClient,
        'moby',
        dockerContainer,
        null,
      );
    const root = path.join(dir, 'docker');
    mkdirSync(path.join(root, 'containers', ID), { recursive: true });
    writeFileSync(
      path.join(root, 'containers', ID, 'config.v2.json'),
      JSON.stringify({ ID, Name: '/from-file', Config: { Image: 'busybox:file' } }),
    );
    const dockerContainer = dockerRecord(ID, {
      mounts: [{ destination: '/etc/hostname', source: `${root}/containers/${ID}/hostname` }],
    });
    expect(await facts(overlay2('/x')!.inspect)).toMatchObject({ name: 'web', image: 'busybox:latest' });
    expect(await facts({ ok: false, reason: 'down' })).toMatchObject({ name: 'from-file', image: 'busybox:file' });
    expect(await dockerFacts(client, 'k8s.io', container(), null)).toBeNull();
  });
});
