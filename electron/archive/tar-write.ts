// Tar headers for the copies we write into the cache (a folder packed so the
// tar index can read it): ustar, with a pax record for a name or link target
// that does not fit its field. Only what we write, never what we read.
import { BLOCK } from './tar-header';

export interface WriteHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeSeconds: number;
  linkname?: string;
}

const TYPEFLAG = { file: '0', directory: '5', symlink: '2' } as const;

function putString(block: Buffer, text: string, start: number, width: number): void {
  block.write(text, start, Math.min(width, Buffer.byteLength(text)), 'utf8');
}

/** Octal, NUL-terminated; a number too wide for the field goes base-256 (GNU), as readers accept. */
function putNumber(block: Buffer, value: number, start: number, width: number): void {
  const octal = Math.max(0, Math.floor(value)).toString(8);
  if (octal.length < width) {
    putString(block, octal.padStart(width - 1, '0'), start, width - 1);
    return;
  }
  let v = BigInt(Math.floor(value));
  for (let i = width - 1; i > 0; i--) {
    block[start + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  block[start] = 0x80;
}

function ustarBlock(h: WriteHeader, name: string, linkname: string, typeflag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  putString(block, name, 0, 100);
  putNumber(block, h.mode & 0o7777, 100, 8);
  putNumber(block, h.uid, 108, 8);
  putNumber(block, h.gid, 116, 8);
  putNumber(block, size, 124, 12);
  putNumber(block, h.mtimeSeconds, 136, 12);
  block.fill(0x20, 148, 156);
  putString(block, typeflag, 156, 1);
  putString(block, linkname, 157, 100);
  putString(block, 'ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  putString(block, `${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return block;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** One pax record, `LEN key=value\n`, LEN counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The header blocks of one entry (a pax header first when a name is long); the payload and its padding follow. */
export function headerBlocks(h: WriteHeader): Buffer {
  const name = h.type === 'directory' ? `${h.name}/` : h.name;
  const linkname = h.linkname ?? '';
  const records = [
    Buffer.byteLength(name) > 100 ? paxRecord('path', name) : '',
    Buffer.byteLength(linkname) > 100 ? paxRecord('linkpath', linkname) : '',
  ].join('');
  const size = h.type === 'file' ? h.size : 0;
  const main = ustarBlock(h, name.slice(0, 100), linkname.slice(0, 100), TYPEFLAG[h.type], size);
  if (records === '') return main;
  const pax = Buffer.from(records);
  return Buffer.concat([ustarBlock(h, 'PaxHeader', '', 'x', pax.length), padded(pax), main]);
}

/** Zeros after a payload of `size` bytes, up to the next block. */
export function payloadPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** The end of a tar: two zero blocks. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
