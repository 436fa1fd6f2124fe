// Checkpoint OCI images read as hostile input: every digest and size is
// checked, no name from the JSON becomes a path, nothing is left in the cache.
import { createHash } from 'node:crypto';
import { cp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/archive';
import { openFailure, scratch, tarStreamArchive, type Scratch } from './helpers';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'podman-web-oci-dir');
const MANIFEST = 'b93beb0acb1f024a8cbe9f7910a77f14440281a1797b40cdfa122329ca025339';
const LAYER = 'c2c6cb6160b10fd904e66e78d26d486707eaf977b6a19796cd88626344eb10fc';

let s: Scratch;
let dir: string;
beforeEach(async () => {
  s = await scratch();
  dir = join(s.dir, 'layout');
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(() => s.dispose());

const blob = (hex: string) => join(dir, 'blobs', 'sha256', hex);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** index.json pointing at a manifest written here (its digest and size right). */
async function withManifest(manifest: unknown): Promise<void> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  await writeFile(blob(sha(bytes)), bytes);
  const index = {
    schemaVersion: 2,
    manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(bytes)}`, size: bytes.length },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
}

async function manifestJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(blob(MANIFEST), 'utf8')) as Record<string, unknown>;
}

async function asTar(): Promise<string> {
  const names = ['oci-layout', 'index.json', ...[MANIFEST, LAYER].map((h) => `blobs/sha256/${h}`)];
  const entries = await Promise.all(names.map(async (name) => ({ name, data: await readFile(join(dir, name)) })));
  return s.write('layout.tar', await tarStreamArchive(entries));
}

describe('checkpoint OCI images', () => {
  it('a layout folder opens as its layer, the image named; the layer copy leaves the cache on close', async () => {
    const index = await openArchive(dir, { cacheDir: s.cacheDir });
    expect(index.checkpointImage).toMatchObject({ layout: 'directory', refName: 'ck', layerDigest: `sha256:${LAYER}` });
    expect(index.compression).toBe('gzip');
    expect(index.get('checkpoint/pstree.img')?.type).toBe('file');
    await index.close();
    expect(await s.cacheFiles()).toEqual([]);
  });

  it('a layout tar opens the same way', async () => {
    const index = await openArchive(await asTar(), { cacheDir: s.cacheDir });
    expect(index.checkpointImage).toMatchObject({ layout: 'tar', manifestDigest: `sha256:${MANIFEST}` });
    expect(index.get('config.dump')?.type).toBe('file');
    await index.close();
  });

  it('a layer changed in one byte is refused, in a folder and in a tar', async () => {
    const bytes = await readFile(blob(LAYER));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    await writeFile(blob(LAYER), bytes);
    for (const path of [dir, await asTar()]) {
      const e = await openFailure(s, path);
      expect(e.code).toBe('ARCHIVE_CORRUPT');
      expect(e.message).toContain('sha256');
    }
  });

  it('a manifest whose bytes do not match index.json is refused', async () => {
    await writeFile(blob(MANIFEST), `${await readFile(blob(MANIFEST), 'utf8')} `);
    expect((await openFailure(s, dir)).message).toMatch(/bytes, the descriptor says/);
  });

  it('a digest that would be a path is refused before any file is named', async () => {
    const index = {
      schemaVersion: 2,
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:../../../etc/passwd', size: 1 },
      ],
    };
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    expect((await openFailure(s, dir)).code).toBe('ARCHIVE_UNSUPPORTED');
  });

  it('a blob that is a symlink is not followed', async () => {
    const bytes = await readFile(blob(MANIFEST));
    await rm(blob(MANIFEST));
    await writeFile(join(s.dir, 'elsewhere'), bytes);
    await symlink(join(s.dir, 'elsewhere'), blob(MANIFEST));
    expect((await openFailure(s, dir)).message).toContain('symlink');
  });

  it('an index.json above the JSON limit is refused', async () => {
    await writeFile(join(dir, 'index.json'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect((await openFailure(s, dir)).code).toBe('LIMIT_EXCEEDED');
  });

  it('a manifest with two layers, or a layer of the wrong size, is refused', async () => {
    const m = await manifestJson();
    const [layer] = m['layers'] as unknown[];
    await withManifest({ ...m, layers: [layer, layer] });
    expect((await openFailure(s, dir)).message).toContain('2 layers');
    await withManifest({ ...m, layers: [{ ...(layer as object), size: 10 }] });
    expect((await openFailure(s, dir)).message).toContain('the manifest says 10');
  });

  it('a manifest with no checkpoint annotation opens, saying so', async () => {
    await withManifest({ ...(await manifestJson()), annotations: {} });
    const index = await openArchive(dir, { cacheDir: s.cacheDir });
    expect(index.problems[0]).toMatchObject({ where: 'index.json', code: 'NOT_FOUND' });
    expect(index.checkpointImage?.annotations).toEqual({});
    await index.close();
  });

  it('a folder that is not an OCI layout is refused', async () => {
    await rm(join(dir, 'oci-layout'));
    expect((await openFailure(s, dir)).message).toContain('not a checkpoint nor an OCI image layout');
  });
});
