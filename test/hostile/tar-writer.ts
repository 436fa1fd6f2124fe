/**
 * A byte-exact tar writer for tests: every field can be set to a valid or a
 * hostile value (base-256 sizes, bad checksums, wrong magics), which tar
 * libraries refuse to produce.
 */
export const BLOCK = 512;
export const END = Buffer.alloc(2 * BLOCK);

export interface HeaderSpec {
  name: string;
  size?: number;
  /** typeflag character; '0' file, '5' directory, '2' symlink, '1' hardlink, 'x' pax, 'L' GNU long name ... */
  type?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkname?: string;
  format?: 'ustar' | 'gnu' | 'v7';
  prefix?: string;
  /** Raw bytes for the 12-byte size field (e.g. base-256). */
  sizeField?: Buffer;
  /** Raw bytes at 257..264 (magic + version). */
  magicField?: Buffer;
  /** Add this to the correct checksum. */
  checksumDelta?: number;
}

export function octal(value: number, width: number): Buffer {
  const text = value.toString(8).padStart(width - 1, '0');
  if (text.length > width - 1) throw new Error(`${value} does not fit ${width} octal bytes`);
  return Buffer.from(`${text}\0`, 'latin1');
}

/** Two's-complement big-endian with the high bit of the first byte set (GNU base-256). */
export function base256(value: bigint, width: number): Buffer {
  const out = Buffer.alloc(width);
  let v = value < 0n ? (1n << BigInt(width * 8)) + value : value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = (out[0] ?? 0) | 0x80;
  return out;
}

export function header(spec: HeaderSpec): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(spec.name, 0, 100, 'utf8');
  octal(spec.mode ?? 0o644, 8).copy(b, 100);
  octal(spec.uid ?? 0, 8).copy(b, 108);
  octal(spec.gid ?? 0, 8).copy(b, 116);
  (spec.sizeField ?? octal(spec.size ?? 0, 12)).copy(b, 124);
  octal(spec.mtime ?? 1_700_000_000, 12).copy(b, 136);
  b.write(spec.type ?? '0', 156, 1, 'latin1');
  b.write(spec.linkname ?? '', 157, 100, 'utf8');
  const format = spec.format ?? 'ustar';
  const magic =
    spec.magicField ??
    (format === 'ustar'
      ? Buffer.from('ustar\x0000', 'latin1')
      : format === 'gnu'
        ? Buffer.from('ustar  \0', 'latin1')
        : Buffer.alloc(8));
  magic.copy(b, 257);
  if (format !== 'v7') {
    b.write('root', 265, 32);
    b.write('root', 297, 32);
  }
  if (spec.prefix !== undefined) b.write(spec.prefix, 345, 155, 'utf8');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  sum += spec.checksumDelta ?? 0;
  Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `, 'latin1').copy(b, 148);
  return b;
}

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Header, payload and padding of one member. */
export function entry(spec: HeaderSpec, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([header({ size: data.length, ...spec }), data, padding(data.length)]);
}

export function paxData(records: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let len = Buffer.byteLength(body) + 1;
    while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
    parts.push(Buffer.from(`${len}${body}`, 'utf8'));
  }
  return Buffer.concat(parts);
}

export function paxEntry(records: Record<string, string>, type: 'x' | 'g' = 'x'): Buffer {
  return entry({ name: 'PaxHeaders/x', type }, paxData(records));
}

export function gnuLongEntry(type: 'L' | 'K', text: string): Buffer {
  return entry({ name: '././@LongLink', type, format: 'gnu' }, Buffer.from(`${text}\0`, 'utf8'));
}

export function file(name: string, data: string | Buffer, extra: Partial<HeaderSpec> = {}): Buffer {
  return entry({ name, ...extra }, typeof data === 'string' ? Buffer.from(data) : data);
}

export function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, END]);
}
