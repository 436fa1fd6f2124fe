import { CHUNK, type ChunkFetcher } from './chunk-cache';
import type { HexSegment } from './hex-layout';

/** An inclusive byte range the user selected (anchor where it started, focus where it is now). */
export interface HexSelection {
  anchor: number;
  focus: number;
}

/** Bytes copied or saved from the viewer at most: the selection is read in one go in the renderer. */
export const MAX_SELECTION = 16 * 1024 * 1024;

export function selectionRange(s: HexSelection): { start: number; end: number } {
  return { start: Math.min(s.anchor, s.focus), end: Math.max(s.anchor, s.focus) + 1 };
}

/** The selection's focus moved to `to`, kept inside the anchor's segment (a selection never spans a hole). */
export function extendTo(s: HexSelection, to: number, segments: readonly HexSegment[]): HexSelection {
  const seg = segments.find((g) => g.start <= s.anchor && s.anchor < g.end);
  if (!seg) return s;
  return { anchor: s.anchor, focus: Math.max(seg.start, Math.min(seg.end - 1, to)) };
}

/**
 * The bytes of [start, end), read in the viewer's chunks; refused when a
 * page of it is not in the checkpoint (its bytes are unknown, never zeros).
 */
export async function readSelection(
  start: number,
  end: number,
  seg: { start: number; end: number },
  fetchChunk: ChunkFetcher,
  what: 'selected' | 'inspected' = 'selected',
): Promise<Uint8Array> {
  if (end - start > MAX_SELECTION)
    throw new Error(`the selection is ${end - start} bytes; copy or save at most ${MAX_SELECTION} here`);
  const out = new Uint8Array(end - start);
  let missing = 0;
  for (let at = start; at < end;) {
    // The same chunks the rows read (and the cache holds), so nothing is read twice.
    const chunkStart = Math.max(seg.start, at - (at % CHUNK));
    const chunkEnd = Math.min(seg.end, at - (at % CHUNK) + CHUNK);
    const chunk = await fetchChunk(chunkStart, chunkEnd - chunkStart);
    const to = Math.min(end, chunkStart + chunk.bytes.length);
    if (to <= at) throw new Error(`no bytes at 0x${at.toString(16)}`);
    for (let a = at; a < to; a++) {
      const page = Math.floor((a - chunk.start) / 4096);
      if (chunk.present && chunk.present[page] === false) missing++;
    }
    out.set(chunk.bytes.subarray(at - chunk.start, to - chunk.start), at - start);
    at = to;
  }
  if (missing > 0)
    throw new Error(
      `${missing} of the ${end - start} ${what} bytes are not in the checkpoint (shown as ??)` +
        (what === 'selected' ? '; select dumped bytes only' : ''),
    );
  return out;
}
