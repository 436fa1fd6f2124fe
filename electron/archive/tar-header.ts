/**
 * One 512-byte tar header: ustar, GNU (`ustar  \0`) and v7 layouts, octal
 * and base-256 numeric fields, both checksum conventions.
 */
export const BLOCK = 512;

export type HeaderFormat = 'ustar' | 'gnu' | 'v7';

export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number | null;
  typeflag: string;
  linkname: string;
  format: HeaderFormat;
}

export type HeaderResult =
  | { kind: 'header'; header: RawHeader }
  | { kind: 'zero' }
  | { kind: 'bad'; code: 'BAD_CHECKSUM' | 'BAD_HEADER'; reason: string };

/** NUL-terminated string field (a field may also fill its whole width). */
function cstring(block: Buffer, start: number, width: number): string {
  const end = block.indexOf(0, start);
  const stop = end === -1 || end > start + width ? start + width : end;
  return block.toString('utf8', start, stop);
}

/**
 * Octal (space/NUL padded) or base-256 (high bit of the first byte set,
 * two's complement big-endian). Returns null for garbage or for values that
 * do not fit a safe integer.
 */
export function parseNumeric(block: Buffer, start: number, width: number): number | null {
  const first = block[start] ?? 0;
  if (first & 0x80) {
    const negative = (first & 0x40) !== 0;
    let value = 0n;
    for (let i = 0; i < width; i++) {
      const byte = block[start + i] ?? 0;
      value = (value << 8n) | BigInt(i === 0 ? byte & 0x7f : byte);
    }
    if (negative) value -= 1n << BigInt(width * 8 - 1);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return null;
    return Number(value);
  }
  let i = start;
  const end = start + width;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  if (i === end) return 0;
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = block[i] ?? 0;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) return null;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  for (; i < end; i++) if (block[i] !== 0x20 && block[i] !== 0) return null;
  return digits > 0 && Number.isSafeInteger(value) ? value : null;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Unsigned sum (POSIX) and signed sum (some historic tars) with the checksum field as spaces. */
export function checksums(block: Buffer): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return { unsigned, signed };
}

export function parseHeader(block: Buffer): HeaderResult {
  if (block.length < BLOCK) return { kind: 'bad', code: 'BAD_HEADER', reason: 'short block' };
  if (isZeroBlock(block)) return { kind: 'zero' };
  const stored = parseNumeric(block, 148, 8);
  const sums = checksums(block);
  if (stored === null || (stored !== sums.unsigned && stored !== sums.signed)) {
    return {
      kind: 'bad',
      code: 'BAD_CHECKSUM',
      reason: `header checksum ${stored ?? 'unreadable'} does not match ${sums.unsigned}`,
    };
  }
  const magic = block.toString('latin1', 257, 263);
  let format: HeaderFormat;
  if (magic === 'ustar\0') format = 'ustar';
  else if (magic === 'ustar ' && block[263] === 0x20) format = 'gnu';
  else if (magic === '\0\0\0\0\0\0') format = 'v7';
  else return { kind: 'bad', code: 'BAD_HEADER', reason: `unknown magic ${JSON.stringify(magic)}` };

  const mode = parseNumeric(block, 100, 8);
  const uid = parseNumeric(block, 108, 8);
  const gid = parseNumeric(block, 116, 8);
  const size = parseNumeric(block, 124, 12);
  const mtime = parseNumeric(block, 136, 12);
  if (size === null || size < 0)
    return { kind: 'bad', code: 'BAD_HEADER', reason: 'unreadable or negative size field' };
  if (mode === null || uid === null || gid === null) {
    return { kind: 'bad', code: 'BAD_HEADER', reason: 'unreadable mode, uid or gid field' };
  }
  let name = cstring(block, 0, 100);
  if (format === 'ustar') {
    const prefix = cstring(block, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  const flagByte = block[156] ?? 0;
  return {
    kind: 'header',
    header: {
      name,
      mode: mode & 0o7777,
      uid,
      gid,
      size,
      mtime,
      typeflag: flagByte === 0 ? '0' : String.fromCharCode(flagByte),
      linkname: cstring(block, 157, 100),
      format,
    },
  };
}
