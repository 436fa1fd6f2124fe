import { openArchive as openIndex, openNestedTar, type ArchiveIndex, type TarMember } from '../archive';
import { decodeImage, MemoryReader, sniffImage, type DecodedImage } from '../criu';
import { ArchiveSession } from './archive-session';
import type { InspectDeps } from './ports';
import type { OpenArchive } from './session';

/** The real archive reader and CRIU codec behind the session. */
export const realDeps: InspectDeps<TarMember> = {
  openArchive: (path, opts) => openIndex(path, opts),
  openNestedTar: (parent, member, opts) => openNestedTar(parent as ArchiveIndex, member, opts),
  sniffImage: (head, name) => sniffImage(head, name),
  decodeImage: (bytes, opts) => decodeImage(bytes, opts),
  memoryReader: (pagemap, pages, parent) =>
    new MemoryReader(
      pagemap as DecodedImage,
      pages,
      4096,
      parent ? { where: parent.where, reader: parent.reader as MemoryReader | null, pages: parent.pages } : null,
    ),
};

/** Opens an archive for inspection: the index is built now, every view on first use. */
export const openArchive: OpenArchive = (path, options) =>
  ArchiveSession.open(path, realDeps, {
    archiveId: options.archiveId,
    cacheDir: options.cacheDir,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.parentPath !== undefined ? { parentPath: options.parentPath } : {}),
    ...(options.madeFrom ? { madeFrom: options.madeFrom } : {}),
  });
