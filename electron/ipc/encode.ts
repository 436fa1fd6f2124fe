// Domain values to the contract's wire form: bytes travel as base64 only
// here, at the edge, never inside the core.
import type { BytesPage, DecodedImagePage, MemoryRange } from '../../shared/dto';
import type { ByteRange, MemoryBytes } from '../inspect/session';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export const toBytesPage = (r: ByteRange): BytesPage => ({ offset: r.offset, data: base64(r.data), total: r.total });

export const toMemoryRange = (m: MemoryBytes): MemoryRange => ({
  address: m.address,
  data: base64(m.data),
  present: m.present,
});

/** A JSON value with every bigint as its decimal string: the wire is JSON (the browser host's WebSocket). */
function bigintsAsText(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(bigintsAsText);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = bigintsAsText(v);
    return out;
  }
  return value;
}

/** Decoded entries hold integers beyond 2^53 as bigints (exact, for the CLI); on the wire they are decimal strings. */
export const toDecodedImagePage = (page: DecodedImagePage): DecodedImagePage => ({
  ...page,
  entries: page.entries.map(bigintsAsText),
});
