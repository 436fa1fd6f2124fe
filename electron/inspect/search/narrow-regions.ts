import type { Vma } from '../../../shared/dto';
import { filterRuns, intersectRuns, type VmaFilter } from '../vma-filter';
import type { MemoryRegions } from './memory-source';

/** The regions with only the bytes inside `allowed` (ascending, disjoint); the reads stay the same. */
export function clipRegions(regions: MemoryRegions, allowed: readonly { start: number; end: number }[]): MemoryRegions {
  return {
    runs: intersectRuns(regions.runs, allowed),
    maxRead: regions.maxRead,
    problems: regions.problems,
    read: (address, length) => regions.read(address, length),
    ...(regions.readInto ? { readInto: regions.readInto.bind(regions) } : {}),
  };
}

/** The regions with only the bytes a VMA filter admits: what a filtered search or hexdump covers. */
export function narrowRegions(regions: MemoryRegions, vmas: readonly Vma[], filter: VmaFilter): MemoryRegions {
  return clipRegions(regions, filterRuns(vmas, filter));
}
