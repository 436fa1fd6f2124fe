import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArchiveIndexLike, DecodedImageLike, InspectDeps, TarMemberLike } from '../../../electron/inspect/ports';

/**
 * An in-memory archive for session tests. An "image" here is JSON
 * `{magic, entries}` (the fake decoder parses it); `BROKEN` bytes fail to decode.
 */
export function fakeDeps(files: Record<string, string | Buffer>): InspectDeps<TarMemberLike> {
  const members: TarMemberLike[] = Object.entries(files).map(([name, data]) => ({
    name,
    type: 'file',
    size: Buffer.byteLength(data),
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: new Date(0),
    linkname: null,
  }));
  const bytes = (m: TarMemberLike): Buffer => Buffer.from(files[m.name] ?? '');
  const index: ArchiveIndexLike<TarMemberLike> = {
    compression: 'none',
    archiveSize: members.reduce((s, m) => s + m.size, 0),
    members,
    problems: [],
    get: (name) => members.find((m) => m.name === name),
    read: (m, offset, length) => Promise.resolve(bytes(m).subarray(offset, offset + length)),
    access: (m) => ({ size: m.size, read: (o, l) => Promise.resolve(bytes(m).subarray(o, o + l)) }),
    readInto: (m, o, l, t) => {
      bytes(m).copy(t, 0, o, o + l);
      return Promise.resolve(t.subarray(0, l));
    },
    sha256: () =>
      Promise.resolve(
        createHash('sha256')
          .update(Buffer.concat(members.map(bytes)))
          .digest('hex'),
      ),
    stream: (m) => Readable.from([bytes(m)]),
    readAll: (m) => Promise.resolve(bytes(m)),
    close: () => Promise.resolve(),
  };
  const decode = (b: Buffer): DecodedImageLike => {
    const text = b.toString('utf8');
    if (text.startsWith('BROKEN')) throw new Error('entry 0: truncated payload');
    return JSON.parse(text) as DecodedImageLike;
  };
  return {
    openArchive: () => Promise.resolve(index),
    openNestedTar: () => Promise.reject(new Error('no nested tars here')),
    sniffImage: (_head, name) =>
      name?.startsWith('pages-')
        ? { magic: 'RAW', kind: 'raw' }
        : name?.endsWith('.img')
          ? { magic: 'JSON', kind: 'protobuf' }
          : { magic: 'UNKNOWN', kind: 'unknown' },
    decodeImage: (b) => decode(b),
    memoryReader: (_pagemap, pages) => ({
      pagesId: 1,
      problems: [],
      allRanges: () => [{ start: 0x1000, end: 0x1000 + pages.size, inFile: true }],
      read: async (address, length) => {
        const data = Buffer.alloc(length);
        const from = Math.max(address, 0x1000);
        const to = Math.min(address + length, 0x1000 + pages.size);
        if (to > from) (await pages.read(from - 0x1000, to - from)).copy(data, from - address);
        return { data, present: [to > from] };
      },
    }),
  };
}

export const img = (magic: string, entries: unknown[]): string => JSON.stringify({ magic, entries });
