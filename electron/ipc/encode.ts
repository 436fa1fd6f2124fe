// Domain values to the contract's wire form: bytes travel as base64 only
// here, at the edge, never inside the core.
import type { BytesPage, MemoryRange } from '../../shared/dto';
import type { ByteRange, MemoryBytes } from '../inspect/session';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export const toBytesPage = (r: ByteRange): BytesPage => ({ offset: r.offset, data: base64(r.data), total: r.total });

export const toMemoryRange = (m: MemoryBytes): MemoryRange => ({
  address: m.address,
  data: base64(m.data),
  present: m.present,
});
