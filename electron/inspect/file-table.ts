import type { ProblemInfo } from '../../shared/dto';
import { frameImage, varintFields } from '../criu/image-frames';
import { IMG_COMMON_MAGIC, MAGICS } from '../criu/magic';
import { enumName, field, num, numField, obj, strField, type Entry } from './crit-values';
import { limitText, MAX_FILE_ENTRIES, MAX_PATH_CHARS } from './limits';
import { ListedProblems } from './listed-problems';

export const FD_TYPES: Readonly<Record<number, string>> = {
  0: 'UND',
  1: 'REG',
  2: 'PIPE',
  3: 'FIFO',
  4: 'INETSK',
  5: 'UNIXSK',
  6: 'EVENTFD',
  7: 'EVENTPOLL',
  8: 'INOTIFY',
  9: 'SIGNALFD',
  10: 'PACKETSK',
  11: 'TTY',
  12: 'FANOTIFY',
  13: 'NETLINKSK',
  14: 'NS',
  15: 'TUNF',
  16: 'EXT',
  17: 'TIMERFD',
  18: 'MEMFD',
  19: 'BPFMAP',
  20: 'PIDFD',
};

/** The file_entry field holding each type's payload. */
const PAYLOAD: Readonly<Record<string, string>> = {
  REG: 'reg',
  INETSK: 'isk',
  NS: 'nsf',
  PACKETSK: 'psk',
  NETLINKSK: 'nlsk',
  EVENTFD: 'efd',
  EVENTPOLL: 'epfd',
  SIGNALFD: 'sgfd',
  TUNF: 'tunf',
  TIMERFD: 'tfd',
  INOTIFY: 'ify',
  FANOTIFY: 'ffy',
  EXT: 'ext',
  UNIXSK: 'usk',
  FIFO: 'fifo',
  PIPE: 'pipe',
  TTY: 'tty',
  MEMFD: 'memfd',
  BPFMAP: 'bpf',
  PIDFD: 'pidfd',
};

export interface FileObject {
  id: number;
  type: string;
  payload: Entry | null;
}

const WHERE = 'checkpoint/files.img';
/** Lookup keys pack id and entry number in one double (id < 2^32, entry < 2^21), so one typed-array sort orders both. */
const ENTRY_BITS = 2 ** 21;

/** Entries of files.img by id, the first of each id; `others` counts the duplicates. */
interface EntrySource {
  find(id: number): unknown;
  /** Entries left out (over MAX_FILE_ENTRIES). */
  beyond: number;
}

function eagerSource(entries: readonly unknown[], problems: ListedProblems): EntrySource {
  const byId = new Map<number, unknown>();
  for (const entry of entries.slice(0, MAX_FILE_ENTRIES)) {
    const id = numField(entry, 'id');
    if (id === null) continue;
    if (byId.has(id))
      problems.add('duplicate file ids', () => `files.img holds id ${id} more than once; the first is used`);
    else byId.set(id, entry);
  }
  return { find: (id) => byId.get(id), beyond: Math.max(0, entries.length - MAX_FILE_ENTRIES) };
}

/**
 * files.img indexed, not decoded: ids read straight from each payload, one
 * sorted Float64Array of keys, and an entry decoded only when a descriptor,
 * VMA or fs entry names it. A million entries cost a few typed arrays.
 */
function indexedSource(bytes: Buffer, decodeOne: (image: Buffer) => unknown, problems: ListedProblems): EntrySource {
  const frames = frameImage(bytes, 8, MAX_FILE_ENTRIES);
  const keys = new Float64Array(frames.starts.length);
  let n = 0;
  for (let i = 0; i < frames.starts.length; i++) {
    const start = frames.starts[i]!;
    const [id] = varintFields(bytes.subarray(start, start + frames.sizes[i]!), [2]);
    if (id === undefined || id >= 2 ** 32)
      problems.add('file entries without an id', () => `files.img entry ${i} has no id`);
    else keys[n++] = id * ENTRY_BITS + i;
  }
  const sorted = keys.subarray(0, n).sort();
  for (let k = 1; k < sorted.length; k++) {
    const id = Math.floor(sorted[k]! / ENTRY_BITS);
    if (Math.floor(sorted[k - 1]! / ENTRY_BITS) === id)
      problems.add('duplicate file ids', () => `files.img holds id ${id} more than once; the first is used`);
  }
  return {
    beyond: frames.beyond,
    find: (id) => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < id * ENTRY_BITS) lo = mid + 1;
        else hi = mid;
      }
      const key = sorted[lo];
      if (key === undefined || Math.floor(key / ENTRY_BITS) !== id) return undefined;
      const i = key % ENTRY_BITS;
      const start = frames.starts[i]!;
      // The header and this one framed entry are an image of one entry.
      return decodeOne(Buffer.concat([frames.header, bytes.subarray(start - 4, start + frames.sizes[i]!)]));
    },
  };
}

/** Whether bytes are a CRIU files.img (the fake images of unit tests are not). */
function isFilesImage(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.readUInt32LE(0) === IMG_COMMON_MAGIC && bytes.readUInt32LE(4) === MAGICS['FILES'];
}

/**
 * files.img: every open file object of the dump, by id. Each object is
 * decoded once and shared by every descriptor naming it (100,000 dup()s of
 * one file are one object); names longer than MAX_PATH_CHARS are cut.
 */
export class FileTable {
  private readonly byId = new Map<number, FileObject | null>();
  private readonly listed = new ListedProblems();
  private readonly cut = new ListedProblems();
  private readonly source: EntrySource;
  /** Whether the table reads files.img's bytes (not decoded entries). */
  readonly indexed: boolean;

  /** From decoded entries, or (`bytes`) from the image itself, indexed and decoded by `decodeOne` on demand. */
  constructor(entries: readonly unknown[], image?: { bytes: Buffer; decodeOne: (image: Buffer) => unknown }) {
    this.indexed = image !== undefined && isFilesImage(image.bytes);
    this.source =
      image && this.indexed
        ? indexedSource(image.bytes, image.decodeOne, this.listed)
        : eagerSource(entries, this.listed);
  }

  get(id: number | null): FileObject | undefined {
    if (id === null) return undefined;
    const known = this.byId.get(id);
    if (known !== undefined) return known ?? undefined;
    let file: FileObject | null = null;
    try {
      const entry = this.source.find(id);
      if (entry !== undefined) file = this.fileObject(id, entry);
    } catch (error) {
      this.listed.add(
        'undecodable file entries',
        () => `file id ${id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.byId.set(id, file);
    return file ?? undefined;
  }

  private fileObject(id: number, entry: unknown): FileObject {
    const type = enumName(field(entry, 'type'), FD_TYPES) ?? 'UND';
    let payload = obj(field(entry, PAYLOAD[type] ?? '')) ?? null;
    // A file name as text (regular files) or bytes (unix sockets).
    const name = payload?.['name'];
    if (payload && (typeof name === 'string' || name instanceof Uint8Array) && name.length > MAX_PATH_CHARS) {
      this.cut.add(
        'names longer than PATH_MAX',
        () => `file id ${id}: name of ${name.length} characters cut to ${limitText('MAX_PATH_CHARS')}`,
      );
      const cut = typeof name === 'string' ? `${name.slice(0, MAX_PATH_CHARS)}...` : name.subarray(0, MAX_PATH_CHARS);
      payload = { ...payload, name: cut };
    }
    return { id, type, payload };
  }

  /** The path of a regular file object (reg_file_entry.name), if the id names one. */
  regName(id: number | null): string | null {
    const f = this.get(id);
    return f && f.type === 'REG' ? strField(f.payload, 'name') : null;
  }

  /** What is wrong with the entries read so far: duplicates, cut names, entries past MAX_FILE_ENTRIES. */
  problems(): ProblemInfo[] {
    const out: ProblemInfo[] = [
      ...this.listed.lines().map((message) => ({ where: WHERE, code: 'IMAGE_CORRUPT' as const, message })),
      ...this.cut.lines().map((message) => ({ where: WHERE, code: 'LIMIT_EXCEEDED' as const, message })),
    ];
    if (this.source.beyond > 0)
      out.push({
        where: WHERE,
        code: 'LIMIT_EXCEEDED',
        message: `files.img holds ${this.source.beyond} entries past ${limitText('MAX_FILE_ENTRIES')}: they are not read`,
      });
    return out;
  }
}

export interface Fdinfo {
  fd: number;
  id: number;
  type: string;
  flags: number;
}

export function parseFdinfo(entries: readonly unknown[]): Fdinfo[] {
  const out: Fdinfo[] = [];
  for (const entry of entries) {
    const fd = numField(entry, 'fd');
    const id = numField(entry, 'id');
    if (fd === null || id === null) continue;
    out.push({
      fd,
      id,
      type: enumName(field(entry, 'type'), FD_TYPES) ?? 'UND',
      flags: num(field(entry, 'flags')) ?? 0,
    });
  }
  return out.sort((a, b) => a.fd - b.fd);
}
