// rootfs-diff.tar in the archive is a real tar. We ask the diff service for
// an uncompressed layer; if it hands back gzip anyway, decompress it through
// a temporary file beside the archive (a tar entry needs its size first).
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Descriptor } from '../containerd/messages';
import { tempPathBeside } from '../fs/output-file';
import { fileError, type ArchiveFile } from './archive-file';

export const ROOTFS_DIFF = 'rootfs-diff.tar';

export async function rootfsMember(
  archive: ArchiveFile,
  desc: Descriptor,
  source: AsyncIterable<Buffer>,
): Promise<void> {
  if (!/gzip/.test(desc.media_type)) {
    await archive.addStream(ROOTFS_DIFF, Number(desc.size), source);
    return;
  }
  const spool = tempPathBeside(archive.targetPath, 'rootfs');
  try {
    await pipeline(Readable.from(source), createGunzip(), createWriteStream(spool, { flags: 'wx', mode: 0o600 })).catch(
      (error: unknown) => {
        throw fileError(error, spool);
      },
    );
    const { size } = await stat(spool);
    await archive.addStream(ROOTFS_DIFF, size, createReadStream(spool));
  } finally {
    await unlink(spool).catch(() => undefined);
  }
}
