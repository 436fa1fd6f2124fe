import { useCallback, useMemo } from 'react';
import type { Vma } from '../../../../../shared/dto';
import type { ChunkFetcher } from '../../../components/hex/chunk-cache';
import type { HexSegment } from '../../../components/hex/hex-layout';
import { HexViewer } from '../../../components/hex/hex-viewer';
import { QueryView } from '../../../components/query-view';
import { getApi } from '../../../api';
import { fromBase64 } from '../../../lib/bytes';
import { formatBytes, hexAddress } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { useArchiveSummary } from '../../../stores/archives-store';
import { toneOfProt } from '../../../components/hex/region-map-model';
import { saveMemoryRange } from './save-memory-range';

// [vsyscall] sits at 0xffffffffff600000, beyond what a JS number (and the contract) addresses exactly.
const addressable = (v: Vma) =>
  Number.isSafeInteger(v.start) && Number.isSafeInteger(v.end) && v.end <= Number.MAX_SAFE_INTEGER;

function segmentsOf(vmas: Vma[]): HexSegment[] {
  return vmas.filter(addressable).map((v) => ({
    start: v.start,
    end: v.end,
    tone: toneOfProt(v.prot),
    dumped: v.dumped > 0,
    label: `${hexAddress(v.start)}–${hexAddress(v.end)}  ${v.prot} ${v.flags}  ${formatBytes(v.end - v.start)}  ${v.file ?? '[anonymous]'}`,
  }));
}

/** A process's address space in hex; pages are read from main in <= 64 KiB chunks as they scroll into view. */
interface Props {
  archiveId: string;
  pid: number;
  jumpTo?: { address: number; seq: number; length?: number } | null;
}

export function MemoryHex({ archiveId, pid, jumpTo = null }: Props) {
  const vmas = useQuery('inspect.vmas', { archiveId, pid });
  // Archive ids are minted per open; bookmarks are kept by what the archive is, so they survive a reopen.
  const summary = useArchiveSummary(archiveId);
  const bookmarkKey = summary ? `${summary.fileName}|${summary.size}|${summary.checkpointedAt ?? ''}|${pid}` : null;
  const segments = useMemo(() => segmentsOf(vmas.data ?? []), [vmas.data]);
  const fetchChunk = useCallback<ChunkFetcher>(
    async (start, length) => {
      const range = await getApi().invoke('inspect.readMemory', { archiveId, pid, address: start, length });
      return { start: range.address, bytes: fromBase64(range.data), present: range.present };
    },
    [archiveId, pid],
  );
  return (
    <QueryView query={vmas} what="the memory map" isEmpty={(v) => v.length === 0}>
      {() => (
        <HexViewer
          segments={segments}
          fetchChunk={fetchChunk}
          cacheKey={`mem/${archiveId}/${pid}`}
          jumpTo={jumpTo}
          onSaveRange={(start, end) => saveMemoryRange(archiveId, pid, start, end)}
          bookmarkKey={bookmarkKey}
          exportName={`memory-${pid}`}
        />
      )}
    </QueryView>
  );
}
