import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostileCase } from './case';
import { entry, file, tar } from './tar-writer';

/**
 * A checkpoint-shaped tar (config.dump, spec.dump, checkpoint/<images>) whose
 * images are given as bytes. CRIU-level cases supply only the image bytes;
 * the image codec owner encodes magics and protobuf entries.
 */
export function checkpointTar(images: Record<string, Buffer>, extra: Record<string, Buffer> = {}): Buffer {
  const members = [
    file('config.dump', '{"id":"hostile","rootfsImageName":"busybox"}'),
    file('spec.dump', '{"ociVersion":"1.0.2"}'),
    entry({ name: 'checkpoint/', type: '5', mode: 0o755 }),
    ...Object.entries(images).map(([name, bytes]) => file(`checkpoint/${name}`, bytes)),
    ...Object.entries(extra).map(([name, bytes]) => file(name, bytes)),
  ];
  return tar(...members);
}

/** Builds a CRIU-level case from a function returning the checkpoint images. */
export function criuCase(
  name: string,
  member: string,
  expect: HostileCase['expect'],
  code: string | undefined,
  images: () => Record<string, Buffer>,
): HostileCase {
  return {
    name,
    level: 'criu',
    member,
    expect,
    ...(code ? { code } : {}),
    build: async (dir) => {
      const path = join(dir, `${name}.tar`);
      await writeFile(path, checkpointTar(images()));
      return path;
    },
  };
}

/**
 * CRIU-level cases, to be filled by the image codec's owner (electron/criu/):
 * oversized protobuf entry length, negative (>= 2^31) length, pstree cycle,
 * pagemap pointing past pages-N.img. Each uses criuCase(name, member, ...).
 */
export const criuCases: HostileCase[] = [];
