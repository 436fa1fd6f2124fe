// Copies the CRIU image tar that Tasks.Checkpoint stored (a tar of CRIU's
// image folder) into the archive under checkpoint/, one entry at a time,
// with the names checked: nothing absolute, no '..', files and folders only.
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { AppError } from '../../shared/errors';
import type { ArchiveFile } from './archive-file';

export const CHECKPOINT_DIR = 'checkpoint';
const MAX_ENTRIES = 100_000;
const MAX_NAME = 1024;

/** A member name made safe to place under checkpoint/, or null for the folder itself. */
export function safeMemberName(raw: string): string | null {
  if (raw.includes('\0') || raw.length > MAX_NAME)
    throw new AppError('CHECKPOINT_FAILED', 'illegal name in the CRIU image tar');
  if (raw.startsWith('/'))
    throw new AppError('CHECKPOINT_FAILED', `absolute name ${JSON.stringify(raw)} in the CRIU image tar`);
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) {
    throw new AppError('CHECKPOINT_FAILED', `found illegal '..' in the CRIU image tar: ${JSON.stringify(raw)}`);
  }
  return parts.length === 0 ? null : parts.join('/');
}

export async function copyCriuImages(source: AsyncIterable<Buffer>, archive: ArchiveFile): Promise<{ files: number }> {
  const extract = tar.extract();
  const input = Readable.from(source);
  const feeding = new Promise<void>((resolve, reject) => {
    input.once('error', (e) => {
      extract.destroy(e);
      reject(e);
    });
    extract.once('error', reject);
    extract.once('finish', resolve);
    extract.once('close', resolve);
  });
  feeding.catch(() => undefined);
  input.pipe(extract);
  await archive.addDirectory(CHECKPOINT_DIR);
  let files = 0;
  let entries = 0;
  try {
    for await (const entry of extract) {
      entries += 1;
      if (entries > MAX_ENTRIES) throw new AppError('LIMIT_EXCEEDED', 'too many entries in the CRIU image tar');
      const { header } = entry;
      const name = safeMemberName(header.name);
      const type = header.type ?? 'file';
      if (name === null || type === 'directory') {
        if (name !== null) await archive.addDirectory(`${CHECKPOINT_DIR}/${name}`);
        (entry as unknown as { resume(): void }).resume();
        continue;
      }
      if (type !== 'file' && type !== 'contiguous-file') {
        // CRIU writes regular files only; a link here would be a hostile or broken tar.
        throw new AppError('CHECKPOINT_FAILED', `unexpected ${type} ${JSON.stringify(name)} in the CRIU image tar`);
      }
      await archive.addStream(
        `${CHECKPOINT_DIR}/${name}`,
        header.size ?? 0,
        entry as unknown as AsyncIterable<Buffer>,
        {
          mode: 0o600,
          mtime: header.mtime,
        },
      );
      files += 1;
    }
    await feeding;
  } catch (error) {
    input.destroy();
    extract.destroy();
    throw error;
  }
  return { files };
}
