// Archives where a name is stored twice, a benign copy first and a hostile
// one last (analysis evasion): built on the real sample checkpoint.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { END, file, tar } from '../../hostile/tar-writer';
import { openArchive } from '../../../electron/archive';

export const SAMPLE = resolve(__dirname, '../../../resources/sample/sample-checkpoint.tar');
export const BENIGN = 'root:x:0:0:root:/root:/bin/sh\n';
export const AWS_KEY = 'AKIAQWERTYUIOPASDFGH';
export const BACKDOOR = `root:x:0:0:root:/root:/bin/sh\nsvc:x:0:0::/:/bin/sh\naws_access_key_id = ${AWS_KEY}\n`;

/** The sample's members, without its end-of-archive blocks, so more members can follow. */
async function sampleBody(cacheDir: string): Promise<Buffer> {
  const bytes = await readFile(SAMPLE);
  const index = await openArchive(SAMPLE, { cacheDir });
  try {
    const end = Math.max(...index.members.map((m) => m.dataOffset + Math.ceil(m.size / 512) * 512));
    return bytes.subarray(0, end);
  } finally {
    await index.close();
  }
}

/** The sample with its rootfs-diff.tar stored a second time (this one wins), holding `files`. */
export async function withRootfs(cacheDir: string, ...files: Buffer[]): Promise<Buffer> {
  return Buffer.concat([await sampleBody(cacheDir), file('rootfs-diff.tar', tar(...files)), END]);
}

/** etc/passwd twice in the rootfs diff: benign first, then (as ./etc/passwd, one name once normalised) the backdoor. */
export const duplicatedPasswd = (): Buffer[] => [
  file('etc/passwd', BENIGN),
  file('etc/hostname', 'web\n'),
  file('./etc/passwd', BACKDOOR),
];
