import type { ImageStore } from '../image-store';
import type { ArchiveIndexLike, TarMemberLike } from '../ports';
import type { ProcessImages } from '../process-images';
import { pagemapProblems } from '../pagemap';
import { readerRegions, type MemoryRegions } from './memory-source';
import { isLocated, pagesRegions } from './pages-regions';
import { mergeRuns } from './runs';

/**
 * A process's dumped memory as regions. When every pagemap entry says where
 * it lies in the pages file, reads go straight to that member of the archive
 * (into the scan's own buffers), through the index's descriptor: the file
 * opened at open time, never the path again.
 */
export async function memoryRegions<M extends TarMemberLike>(
  index: ArchiveIndexLike<M>,
  store: ImageStore<M>,
  images: ProcessImages,
  pid: number,
): Promise<MemoryRegions> {
  const reader = await images.memory(pid);
  const ranges = reader.allRanges();
  const pages = store.member(`checkpoint/pages-${reader.pagesId}.img`);
  if (!pages || !ranges.every(isLocated)) return readerRegions(reader, pid);
  const file = {
    readInto: (offset: number, length: number, target: Buffer) => index.readInto(pages, offset, length, target),
  };
  return {
    ...pagesRegions(ranges, index.access(pages), { file, problems: pagemapProblems(reader, pid) }),
    missing: mergeRuns(ranges.filter((r) => !r.inFile)),
  };
}
