import { AppError } from '../../../shared/errors';
import type { RecoveredReader } from './segments';
import { STREAM_CHUNK } from './limits';

/** Matches reported at most per search. */
export const MAX_ITEM_MATCHES = 1000;
const CONTEXT = 16;
const MAX_NEEDLE = 4096;

export interface ItemMatch {
  offset: number;
  /** Up to CONTEXT bytes either side and the match, for the caller to show as text or hex. */
  before: Buffer;
  match: Buffer;
  after: Buffer;
}

/** The bytes a query stands for: text as UTF-8, or hex pairs ('de ad be ef'). */
export function needleOf(query: string, kind: 'text' | 'hex'): Buffer {
  let needle: Buffer;
  if (kind === 'hex') {
    const digits = query.replace(/\s+/g, '');
    if (!/^([0-9a-fA-F]{2})+$/.test(digits)) throw new AppError('INVALID_ARGUMENT', `'${query}' is not hex byte pairs`);
    needle = Buffer.from(digits, 'hex');
  } else needle = Buffer.from(query, 'utf8');
  if (needle.length === 0 || needle.length > MAX_NEEDLE) {
    throw new AppError('INVALID_ARGUMENT', `a search is 1 to ${MAX_NEEDLE} bytes`);
  }
  return needle;
}

/** Every occurrence of `needle` in the item (overlapping ones too), read chunk by chunk; at most MAX_ITEM_MATCHES. */
export async function searchItem(
  reader: RecoveredReader,
  needle: Buffer,
): Promise<{ matches: ItemMatch[]; complete: boolean }> {
  const matches: ItemMatch[] = [];
  const offsets: number[] = [];
  const overlap = needle.length - 1;
  for (let at = 0; at < reader.size; at += STREAM_CHUNK) {
    const start = Math.max(0, at - overlap);
    const chunk = await reader.read(start, Math.min(STREAM_CHUNK, reader.size - at) + (at - start));
    for (let i = chunk.indexOf(needle); i >= 0; i = chunk.indexOf(needle, i + 1)) {
      const offset = start + i;
      if (offsets.length > 0 && offset <= offsets[offsets.length - 1]!) continue;
      if (offsets.length >= MAX_ITEM_MATCHES)
        return { matches: await withContext(reader, offsets, needle), complete: false };
      offsets.push(offset);
    }
  }
  matches.push(...(await withContext(reader, offsets, needle)));
  return { matches, complete: true };
}

async function withContext(reader: RecoveredReader, offsets: number[], needle: Buffer): Promise<ItemMatch[]> {
  const out: ItemMatch[] = [];
  for (const offset of offsets) {
    const from = Math.max(0, offset - CONTEXT);
    const bytes = await reader.read(from, offset - from + needle.length + CONTEXT);
    const m = offset - from;
    out.push({
      offset,
      before: bytes.subarray(0, m),
      match: bytes.subarray(m, m + needle.length),
      after: bytes.subarray(m + needle.length),
    });
  }
  return out;
}
