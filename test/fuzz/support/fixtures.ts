/**
 * The real fixtures (containerd CRI and Podman checkpoints of the testbed's
 * web workload) and the CRIU images inside them, read with our own archive
 * module once per test file.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openArchive, type TarMember } from '../../../electron/archive';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC } from '../../../electron/criu';

export const FIXTURES = resolve(__dirname, '../../fixtures');

export const TAR_FIXTURES = ['containerd-cri-web.tar', 'podman-web-none.tar'] as const;
export const COMPRESSED_FIXTURES = ['podman-web-gzip.tar.gz', 'podman-web-zstd.tar.zst'] as const;

export interface LoadedTar {
  name: string;
  bytes: Buffer;
  members: TarMember[];
  /** Member payloads (files of at most 1 MiB). */
  data: Map<string, Buffer>;
}

export interface Scratch {
  dir: string;
  /** A private (0700) folder for decompressed copies. */
  cacheDir: string;
  /** A fresh path inside dir. */
  file(name: string): string;
  write(name: string, data: Buffer): Promise<string>;
  dispose(): Promise<void>;
}

export async function scratch(prefix = 'ci-fuzz-'): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const cacheDir = join(dir, 'cache');
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  return {
    dir,
    cacheDir,
    file: (name) => join(dir, name),
    async write(name, data) {
      const path = join(dir, name);
      await writeFile(path, data);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function loadTar(name: string, cacheDir: string, path = join(FIXTURES, name)): Promise<LoadedTar> {
  const index = await openArchive(path, { cacheDir });
  try {
    const data = new Map<string, Buffer>();
    for (const m of index.members) {
      if (m.type === 'file' && m.size <= 1024 * 1024) data.set(m.name, await index.readAll(m, 1024 * 1024));
    }
    return { name, bytes: await readFile(path), members: [...index.members], data };
  } finally {
    await index.close();
  }
}

/** Header offsets and payload starts (plus CRIU size prefixes inside payloads) of a plain tar. */
export function tarHints(tar: LoadedTar): { headers: number[]; spots: number[] } {
  const headers = tar.members.map((m) => m.headerOffset);
  const spots: number[] = [];
  for (const m of tar.members) {
    const payload = tar.data.get(m.name);
    if (payload === undefined || !m.name.endsWith('.img')) continue;
    for (const at of criuSizeOffsets(payload)) spots.push(m.dataOffset + at);
  }
  return { headers, spots };
}

/** Offsets of the size prefixes of a CRIU image's entries (ignoring extras, so a guess past the first one that has them). */
export function criuSizeOffsets(image: Buffer): number[] {
  if (image.length < 4) return [];
  const first = image.readUInt32LE(0);
  let pos = first === IMG_COMMON_MAGIC || first === IMG_SERVICE_MAGIC ? 8 : 4;
  const out: number[] = [];
  while (pos + 4 <= image.length && out.length < 64) {
    out.push(pos);
    pos += 4 + image.readUInt32LE(pos);
  }
  return out;
}

/** Every protobuf CRIU image of the fixtures: `fixture:member` -> bytes. */
export function criuImages(tars: readonly LoadedTar[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const tar of tars) {
    for (const [name, bytes] of tar.data) {
      if (name.startsWith('checkpoint/') && name.endsWith('.img') && !/\/pages-\d+\.img$/.test(name)) {
        out.set(`${tar.name}:${name}`, bytes);
      }
    }
  }
  return out;
}
