// containerd's own checkpoint images (ctr container checkpoint, then ctr
// images export) in an OCI layout, hand-built here from the format containerd
// writes (an index whose entries are the CRIU image tar, the spec as a
// protobuf Any, the options and the rw layer), read as hostile input: every
// blob's size and digest checked, names in the CRIU tar checked, nothing left
// in the cache when the open fails. The real ones are read in
// test/integration/checkpoint-images.test.ts.
import { createHash } from 'node:crypto';
import { mkdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/archive';
import { openFailure, scratch, tarStreamArchive, type Scratch } from './helpers';

const MEDIA = {
  criu: 'application/vnd.containerd.container.criu.checkpoint.criu.tar',
  config: 'application/vnd.containerd.container.checkpoint.config.v1+proto',
  options: 'application/vnd.containerd.container.checkpoint.options.v1+proto',
  rw: 'application/vnd.oci.image.layer.v1.tar+gzip',
  index: 'application/vnd.oci.image.index.v1+json',
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** protobuf: a length-delimited field. */
function field(no: number, bytes: Buffer): Buffer {
  const len: number[] = [];
  let n = bytes.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([(no << 3) | 2, ...len]), bytes]);
}

/** google.protobuf.Any { type_url, value }, as containerd stores the spec. */
function anyBlob(typeUrl: string, value: Buffer): Buffer {
  return Buffer.concat([field(1, Buffer.from(typeUrl)), field(2, value)]);
}

const SPEC = { ociVersion: '1.2.0', process: { args: ['/bin/sh', '-c', 'sleep 3600'] }, hostname: 'plain' };

interface Parts {
  criu: { name: string; data?: Buffer; type?: 'file' | 'directory' | 'symlink'; linkname?: string }[];
  extra?: { mediaType: string; data: Buffer }[];
  rw?: boolean;
  twoCriu?: boolean;
}

let s: Scratch;
let dir: string;
beforeEach(async () => {
  s = await scratch();
  dir = join(s.dir, 'layout');
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
});
afterEach(() => s.dispose());

async function putBlob(data: Buffer, mediaType: string) {
  await writeFile(join(dir, 'blobs', 'sha256', sha(data)), data);
  return {
    mediaType,
    digest: `sha256:${sha(data)}`,
    size: data.length,
    platform: { architecture: 'amd64', os: 'linux' },
  };
}

const IMAGES = [
  { name: 'inventory.img', data: Buffer.from('inventory') },
  { name: 'pstree.img', data: Buffer.from('pstree') },
  { name: 'pages-1.img', data: Buffer.alloc(8192, 7) },
];

/** The layout `ctr images export --skip-manifest-json` writes: index.json -> the checkpoint index -> its parts. */
async function layout(parts: Parts = { criu: IMAGES, rw: true }): Promise<{ criuHex: string }> {
  const criuTar = await tarStreamArchive(parts.criu);
  const criu = await putBlob(criuTar, MEDIA.criu);
  const entries = [
    criu,
    ...(parts.twoCriu ? [await putBlob(Buffer.concat([criuTar, Buffer.alloc(512)]), MEDIA.criu)] : []),
    await putBlob(
      anyBlob('types.containerd.io/opencontainers/runtime-spec/1/Spec', Buffer.from(JSON.stringify(SPEC))),
      MEDIA.config,
    ),
    await putBlob(Buffer.from([0x08, 0x01]), MEDIA.options),
    ...(parts.rw
      ? [
          await putBlob(
            gzipSync(await tarStreamArchive([{ name: 'tmp/plain.txt', data: Buffer.from('plain\n') }])),
            MEDIA.rw,
          ),
        ]
      : []),
    ...(await Promise.all((parts.extra ?? []).map((e) => putBlob(e.data, e.mediaType)))),
  ];
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: entries,
      annotations: {
        'io.containerd.checkpoint.runtime': 'io.containerd.runc.v2',
        'io.containerd.checkpoint.snapshotter': 'overlayfs',
        'org.opencontainers.image.ref.name': 'localhost/busybox:testbed',
      },
    }),
  );
  const top = await putBlob(index, MEDIA.index);
  const { platform: _platform, ...entry } = top;
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          ...entry,
          annotations: {
            'io.containerd.image.name': 'example.test/cp/plain:1',
            'org.opencontainers.image.ref.name': '1',
          },
        },
      ],
    }),
  );
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return { criuHex: criu.digest.slice(7) };
}

describe('containerd checkpoint images in an OCI layout', () => {
  it('open as an archive of the CRI layout: config.dump, spec.dump, checkpoint/, rootfs-diff.tar', async () => {
    const { criuHex } = await layout();
    const index = await openArchive(dir, { cacheDir: s.cacheDir });
    try {
      const names = index.members.map((m) => m.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'config.dump',
          'spec.dump',
          'checkpoint/inventory.img',
          'checkpoint/pstree.img',
          'checkpoint/pages-1.img',
          'rootfs-diff.tar',
          'checkpoint-inspector.json',
        ]),
      );
      const read = async (name: string) => {
        const m = index.get(name)!;
        return (await index.read(m, 0, m.size)).toString('utf8');
      };
      expect(JSON.parse(await read('spec.dump'))).toEqual(SPEC);
      const config = JSON.parse(await read('config.dump')) as Record<string, unknown>;
      expect(config).toMatchObject({
        id: 'example.test/cp/plain:1',
        rootfsImageName: 'localhost/busybox:testbed',
        runtime: 'io.containerd.runc.v2',
      });
      expect(index.get('checkpoint/pages-1.img')?.size).toBe(8192);
      // The rw layer was gzip: rootfs-diff.tar is a plain tar, as containerd's CRI writes it.
      const rootfs = index.get('rootfs-diff.tar')!;
      expect((await index.read(rootfs, 257, 5)).toString()).toBe('ustar');
      expect(index.checkpointImage).toMatchObject({
        format: 'containerd',
        layout: 'directory',
        refName: 'example.test/cp/plain:1',
        layerDigest: `sha256:${criuHex}`,
        layerMediaType: MEDIA.criu,
        annotations: { 'io.containerd.checkpoint.snapshotter': 'overlayfs' },
      });
      const notes = JSON.parse(await read('checkpoint-inspector.json')) as { notes: { code: string }[] };
      expect(notes.notes.map((n) => n.code)).toEqual(['IMAGE_NO_CONTAINER_ID']);
    } finally {
      await index.close();
    }
  });

  it('without the rw layer: no rootfs-diff.tar, and the notes say why', async () => {
    await layout({ criu: IMAGES });
    const index = await openArchive(dir, { cacheDir: s.cacheDir });
    try {
      expect(index.get('rootfs-diff.tar')).toBeUndefined();
      const m = index.get('checkpoint-inspector.json')!;
      expect((await index.read(m, 0, m.size)).toString()).toContain('NO_ROOTFS_DIFF');
    } finally {
      await index.close();
    }
  });

  it('an entry of a kind not read is a problem of the open, not dropped in silence', async () => {
    await layout({ criu: IMAGES, extra: [{ mediaType: 'application/x-unknown-part', data: Buffer.from('x') }] });
    const index = await openArchive(dir, { cacheDir: s.cacheDir });
    try {
      expect(index.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'ARCHIVE_UNSUPPORTED',
            message: expect.stringContaining('application/x-unknown-part') as unknown,
          }),
        ]),
      );
    } finally {
      await index.close();
    }
  });

  it('a CRIU tar whose bytes do not match its digest is refused, and nothing is left in the cache', async () => {
    const { criuHex } = await layout();
    const path = join(dir, 'blobs', 'sha256', criuHex);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    bytes[600] = bytes[600]! ^ 0xff;
    await writeFile(path, bytes);
    const e = await openFailure(s, dir);
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toContain('sha256');
  });

  it("a '..' name in the CRIU tar is refused (ARCHIVE_CORRUPT), nothing written outside or left", async () => {
    await layout({ criu: [...IMAGES, { name: '../../escape.img', data: Buffer.from('x') }] });
    const e = await openFailure(s, dir);
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toContain("'..'");
  });

  it('a link in the CRIU tar is refused', async () => {
    await layout({ criu: [...IMAGES, { name: 'evil.img', type: 'symlink', linkname: '/etc/shadow' }] });
    expect((await openFailure(s, dir)).message).toContain('symlink');
  });

  it('two CRIU tars in one index are refused', async () => {
    await layout({ criu: IMAGES, twoCriu: true });
    expect((await openFailure(s, dir)).message).toContain('2 CRIU image tar entries');
  });

  it('a blob that is a symlink is not followed', async () => {
    const { criuHex } = await layout();
    const path = join(dir, 'blobs', 'sha256', criuHex);
    await writeFile(join(s.dir, 'elsewhere'), 'x');
    await unlink(path);
    await symlink(join(s.dir, 'elsewhere'), path);
    const e = await openFailure(s, dir);
    expect(e.code).toBe('ARCHIVE_UNSUPPORTED');
    expect(e.message).toContain('symlink');
  });

  it('a missing blob is NOT_FOUND, naming it', async () => {
    const { criuHex } = await layout();
    await unlink(join(dir, 'blobs', 'sha256', criuHex));
    const e = await openFailure(s, dir);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(criuHex);
  });
});
