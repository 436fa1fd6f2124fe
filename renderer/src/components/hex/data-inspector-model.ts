/** One line of the data inspector: the value of the bytes at the cursor read as `type`. */
export interface InspectedValue {
  type: string;
  /** null when fewer bytes than the type needs lie between the cursor and the end of its region. */
  value: string | null;
}

export const INSPECT_BYTES = 64;

const INTEGERS: readonly { type: string; size: 1 | 2 | 4 | 8; signed: boolean }[] = [
  { type: 'u8', size: 1, signed: false },
  { type: 'i8', size: 1, signed: true },
  { type: 'u16', size: 2, signed: false },
  { type: 'i16', size: 2, signed: true },
  { type: 'u32', size: 4, signed: false },
  { type: 'i32', size: 4, signed: true },
  { type: 'u64', size: 8, signed: false },
  { type: 'i64', size: 8, signed: true },
];

function integer(view: DataView, size: 1 | 2 | 4 | 8, signed: boolean, little: boolean): string {
  if (size === 1) return String(signed ? view.getInt8(0) : view.getUint8(0));
  if (size === 2) return String(signed ? view.getInt16(0, little) : view.getUint16(0, little));
  if (size === 4) return String(signed ? view.getInt32(0, little) : view.getUint32(0, little));
  return String(signed ? view.getBigInt64(0, little) : view.getBigUint64(0, little));
}

/** The printable ASCII from the cursor up to a NUL or an unprintable byte (at most INSPECT_BYTES). */
export function stringAt(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes.subarray(0, INSPECT_BYTES)) {
    if (b < 0x20 || b > 0x7e) break;
    text += String.fromCharCode(b);
  }
  return text;
}

/**
 * The bytes from the cursor read as every integer width (signed and not),
 * f32, f64 and a 64-bit pointer, in the byte order asked for, and the string
 * that starts there. A type wider than the bytes left in the region has no value.
 */
export function inspectBytes(bytes: Uint8Array, littleEndian: boolean): InspectedValue[] {
  const view = (size: number) => new DataView(bytes.buffer, bytes.byteOffset, size);
  const fits = (size: number) => bytes.length >= size;
  const rows: InspectedValue[] = INTEGERS.map(({ type, size, signed }) => ({
    type,
    value: fits(size) ? integer(view(size), size, signed, littleEndian) : null,
  }));
  rows.push({ type: 'f32', value: fits(4) ? String(view(4).getFloat32(0, littleEndian)) : null });
  rows.push({ type: 'f64', value: fits(8) ? String(view(8).getFloat64(0, littleEndian)) : null });
  rows.push({
    type: 'pointer',
    value: fits(8) ? '0x' + view(8).getBigUint64(0, littleEndian).toString(16).padStart(16, '0') : null,
  });
  const text = stringAt(bytes);
  rows.push({ type: 'string', value: bytes.length === 0 ? null : text === '' ? '(no printable text)' : `"${text}"` });
  return rows;
}
