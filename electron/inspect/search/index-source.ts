import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCacheRoot, openArchive, removeCacheRoot } from '../../archive';
import { ImageStore } from '../image-store';
import { realDeps } from '../open-archive';
import { ProcessImages } from '../process-images';
import { processList, vmasOf } from '../process-views';
import { readerRegions, type MemoryRegions, type MemorySource } from './memory-source';
import { isLocated, pagesRegions } from './pages-regions';
import { PositionalFile } from './positional-file';

/**
 * A memory source over an archive opened on its own (CLI, benchmarks): the
 * pagemap readers read the pages file directly, no base64 on the way.
 */
export async function withIndexSource<T>(
  path: string,
  use: (source: MemorySource) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const root = await createCacheRoot();
  try {
    const cacheDir = join(root, 'search');
    await mkdir(cacheDir, { mode: 0o700 });
    const index = await openArchive(path, { cacheDir, ...(signal ? { signal } : {}) });
    const files: PositionalFile[] = [];
    const regions = new Map<number, Promise<MemoryRegions>>();
    try {
      const store = new ImageStore(index, realDeps);
      const images = new ProcessImages(store);
      const source: MemorySource = {
        processes: async () => (await processList(images)).processes,
        vmas: (pid) => vmasOf(images, pid),
        regions: (pid) => {
          let r = regions.get(pid);
          if (!r) {
            r = regionsOf(pid);
            r.catch(() => undefined);
            regions.set(pid, r);
          }
          return r;
        },
      };
      async function regionsOf(pid: number): Promise<MemoryRegions> {
        const reader = await images.memory(pid);
        const ranges = reader.allRanges();
        const pages = store.member(`checkpoint/pages-${reader.pagesId}.img`);
        if (!pages || !ranges.every(isLocated)) return readerRegions(reader);
        const head = await index.read(pages, 0, Math.min(4096, pages.size));
        const file = await PositionalFile.open(index.indexedPath, pages.dataOffset, pages.size, head);
        files.push(file);
        return pagesRegions(ranges, index.access(pages), file);
      }
      return await use(source);
    } finally {
      for (const f of files) await f.close().catch(() => undefined);
      await index.close();
    }
  } finally {
    await removeCacheRoot(root);
  }
}
