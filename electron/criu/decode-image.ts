import type protobuf from 'protobufjs';
import { corrupt, ImageCursor } from './image-cursor';
import { readExtra } from './image-extras';
import { IMAGE_HANDLERS, type ImageHandler } from './image-handlers';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, magicName, rawImageName } from './magic';
import { messageType } from './schema';
import { base64Lines } from './crit-bytes';
import { messageToObject, type EntryObject } from './to-json';
import { decodeMessage, WireError, type RawMessage } from './wire';

export type ImageKind = 'protobuf' | 'raw' | 'unknown';

export interface SniffResult {
  /** crit's magic name (PSTREE, CORE, ...); for raw images the type named by the file name, or RAW; for unknown ones the first word as 0x%08x. */
  magic: string;
  kind: ImageKind;
}

export interface DecodeOptions {
  /** Stop after this many entries and set `truncated` (default 200 000). */
  maxEntries?: number;
  /** Largest entry payload or extra payload, in bytes (default 64 MiB); larger is LIMIT_EXCEEDED. */
  maxEntrySize?: number;
  /** crit's --pretty forms (default true). */
  pretty?: boolean;
  /** Frame but do not return the first entries: paging through long images. */
  startEntry?: number;
  /** The image's file name, which alone identifies raw images (pages-1.img, ...). */
  name?: string;
}

export interface DecodedImage {
  magic: string;
  kind: ImageKind;
  /** crit's entries: one object per entry, `extra` holding the payload that follows it. */
  entries: unknown[];
  /** More entries follow than maxEntries allowed. */
  truncated: boolean;
}

export const DEFAULT_MAX_ENTRIES = 200_000;
export const DEFAULT_MAX_ENTRY_SIZE = 64 * 1024 * 1024;
const GZIP_MAGIC = 0x8b1f;

interface Sniffed extends SniffResult {
  /** Where the first entry starts. */
  offset: number;
}

function sniff(head: Buffer, name: string | undefined): Sniffed {
  const raw = name === undefined ? undefined : rawImageName(name);
  if (raw !== undefined) return { magic: raw, kind: 'raw', offset: 0 };
  if (head.length >= 2 && head.readUInt16LE(0) === GZIP_MAGIC) return { magic: 'RAW', kind: 'raw', offset: 0 };
  if (head.length < 4) return { magic: 'UNKNOWN', kind: 'unknown', offset: 0 };
  let value = head.readUInt32LE(0);
  let offset = 4;
  if (value === IMG_COMMON_MAGIC || value === IMG_SERVICE_MAGIC) {
    if (head.length < 8) return { magic: 'UNKNOWN', kind: 'unknown', offset: 0 };
    value = head.readUInt32LE(4);
    offset = 8;
  }
  const known = magicName(value);
  if (known === undefined) return { magic: `0x${value.toString(16).padStart(8, '0')}`, kind: 'unknown', offset: 0 };
  return { magic: known, kind: IMAGE_HANDLERS[known] === undefined ? 'unknown' : 'protobuf', offset };
}

/** What an image is, from its first 8 bytes (and its file name, for raw images). */
export function sniffImage(head: Buffer, name?: string): SniffResult {
  const { magic, kind } = sniff(head, name);
  return { magic, kind };
}

function decodeEntry(type: protobuf.Type, bytes: Buffer, entry: number, offset: number): RawMessage {
  try {
    return decodeMessage(type, bytes);
  } catch (error) {
    if (error instanceof WireError) throw corrupt(entry, offset, `${type.name}: ${error.message}`);
    throw error;
  }
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

/**
 * Decode a CRIU image to crit's JSON shape. Raw and unknown images give no
 * entries (the caller shows them as bytes). Malformed data throws
 * AppError('IMAGE_CORRUPT') naming the entry; an entry over maxEntrySize
 * throws AppError('LIMIT_EXCEEDED').
 */
export function decodeImage(bytes: Buffer, opts: DecodeOptions = {}): DecodedImage {
  const pretty = opts.pretty ?? true;
  const maxEntries = nonNegativeInteger(opts.maxEntries, DEFAULT_MAX_ENTRIES, 'maxEntries');
  const maxEntrySize = nonNegativeInteger(opts.maxEntrySize, DEFAULT_MAX_ENTRY_SIZE, 'maxEntrySize');
  const startEntry = nonNegativeInteger(opts.startEntry, 0, 'startEntry');
  const head = sniff(bytes.subarray(0, 8), opts.name);
  const handler = IMAGE_HANDLERS[head.magic];
  if (head.kind !== 'protobuf' || handler === undefined) {
    return { magic: head.magic, kind: head.kind, entries: [], truncated: false };
  }
  const cur = new ImageCursor(bytes, head.offset, maxEntrySize);
  const entries: unknown[] = [];
  const keep = (index: number, value: unknown): boolean => {
    if (index >= startEntry) entries.push(value);
    return entries.length < maxEntries;
  };
  const truncated =
    handler.special === 'ghost-file'
      ? decodeGhostFile(cur, handler, pretty, keep)
      : decodeEntries(cur, handler, pretty, keep);
  return { magic: head.magic, kind: 'protobuf', entries, truncated };
}

type Keep = (index: number, value: unknown) => boolean;

/** Returns true when it stopped before the end because `keep` said enough. */
function decodeEntries(cur: ImageCursor, handler: ImageHandler, pretty: boolean, keep: Keep): boolean {
  const entryType = messageType(handler.message);
  const firstType = handler.special === 'pagemap' ? messageType('pagemap_head') : entryType;
  for (let index = 0; ; index++) {
    const start = cur.pos;
    const size = cur.sizePrefix(index);
    if (size === undefined) return false;
    const msg = decodeEntry(index === 0 ? firstType : entryType, cur.take(size, index, 'entry'), index, start);
    const entry: EntryObject = messageToObject(msg, pretty);
    if (handler.extra !== undefined) {
      const extra = readExtra(handler.extra, msg, cur, index, pretty);
      if (extra !== undefined) entry['extra'] = extra;
    }
    if (!keep(index, entry) && cur.left > 0) return true;
  }
}

/**
 * ghost-file: one ghost_file_entry; when it says `chunks`, ghost_chunk_entry
 * entries each followed by `len` bytes, else the rest of the image is the
 * file's contents.
 */
function decodeGhostFile(cur: ImageCursor, handler: ImageHandler, pretty: boolean, keep: Keep): boolean {
  const start = cur.pos;
  const size = cur.sizePrefix(0);
  if (size === undefined) throw corrupt(0, start, 'empty ghost file image');
  const ghost = decodeEntry(messageType(handler.message), cur.take(size, 0, 'entry'), 0, start);
  const first = messageToObject(ghost, pretty);
  const chunksField = ghost.type.fields['chunks'];
  if (chunksField === undefined || ghost.fields.get(chunksField.id) !== true) {
    const contents = cur.take(cur.left, 0, 'ghost file contents');
    first['extra'] = pretty ? base64Lines(contents) : Buffer.from(contents);
    keep(0, first);
    return false;
  }
  if (!keep(0, first) && cur.left > 0) return true;
  const chunkType = messageType('ghost_chunk_entry');
  for (let index = 1; ; index++) {
    const at = cur.pos;
    const chunkSize = cur.sizePrefix(index);
    if (chunkSize === undefined) return false;
    const chunk = decodeEntry(chunkType, cur.take(chunkSize, index, 'entry'), index, at);
    const entry = messageToObject(chunk, pretty);
    const lenField = chunk.fields.get(chunkType.fields['len']?.id ?? -1);
    if (typeof lenField !== 'number') throw corrupt(index, at, 'ghost chunk length is not a usable size');
    const data = cur.take(lenField, index, 'ghost chunk');
    entry['extra'] = pretty ? base64Lines(data) : Buffer.from(data);
    if (!keep(index, entry) && cur.left > 0) return true;
  }
}
