// A session over the recovered-data images of recovered-images.ts (real decoder, in-memory archive).
import { ArchiveSession } from '../../../electron/inspect/archive-session';
import { realDeps } from '../../../electron/inspect/open-archive';
import type { InspectDeps, TarMemberLike } from '../../../electron/inspect/ports';
import { fakeDeps } from './fake-archive';
export * from './recovered-images';

/** A session over the images (real decoder, in-memory archive). */
export function openImages(images: Record<string, Buffer>): Promise<ArchiveSession<TarMemberLike>> {
  const files: Record<string, Buffer | string> = { 'config.dump': '{}', 'spec.dump': '{}' };
  for (const [name, bytes] of Object.entries(images)) files[`checkpoint/${name}`] = bytes;
  const deps: InspectDeps<TarMemberLike> = {
    ...fakeDeps(files),
    sniffImage: realDeps.sniffImage,
    decodeImage: realDeps.decodeImage,
    memoryReader: realDeps.memoryReader,
  };
  return ArchiveSession.open('/x/recovered.tar', deps, { archiveId: 'r1', cacheDir: '/nonexistent' });
}
