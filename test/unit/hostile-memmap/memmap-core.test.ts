// The memory map and the file tables in the inspection core, on hostile
// layouts: overlaps named and bounded, counts linear, file entries shared,
// views bounded by named limits.
import { describe, expect, it } from 'vitest';
import { decodeImage, MemoryReader, PE_PARENT, PE_PRESENT, type DecodedImage } from '../../../electron/criu';
import { frameImage, varintFields } from '../../../electron/criu/image-frames';
import { hexdumpRows } from '../../../electron/cli/format/hexdump';
import { FileTable } from '../../../electron/inspect/file-table';
import { fileRows } from '../../../electron/inspect/files';
import { MAX_FILE_ROWS, MAX_LISTED_PROBLEMS, MAX_PATH_CHARS, MAX_VMAS } from '../../../electron/inspect/limits';
import { presentBytesIn } from '../../../electron/inspect/pagemap';
import { socketRows } from '../../../electron/inspect/sockets';
import { buildVmas } from '../../../electron/inspect/vmas';
import { fixtureImages, rawEntries } from '../../hostile/fixture-images';
import { buildImage } from '../criu/build-image';

const PAGE = 4096;
const pages = (size: number) => ({ size, read: async (o: number, l: number) => Buffer.alloc(Math.min(l, size - o)) });
const pagemap = (ranges: { vaddr: number; nr_pages: number; flags: number }[]): DecodedImage => ({
  magic: 'PAGEMAP',
  kind: 'protobuf',
  truncated: false,
  entries: [{ pages_id: 1 }, ...ranges.map((r) => ({ ...r, compat_nr_pages: 0 }))],
});

describe('pagemap overlaps', () => {
  it('drops 200,000 piled-up entries by one sort, each kind of problem listed at most MAX_LISTED_PROBLEMS times', () => {
    const piled = Array.from({ length: 200_000 }, (_, i) => ({
      vaddr: 0x10_0000_0000 + (i % 1000) * PAGE,
      nr_pages: 1 + (i % 7),
      flags: i % 2 ? PE_PRESENT : PE_PARENT,
    }));
    const reader = new MemoryReader(pagemap(piled), pages(64 * PAGE));
    const ranges = reader.allRanges();
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBeGreaterThanOrEqual(ranges[i - 1]!.end);
    expect(ranges.length).toBeLessThanOrEqual(1000);
    expect(reader.problems.length).toBeLessThanOrEqual(3 * (MAX_LISTED_PROBLEMS + 1));
    const overlapLine = reader.problems.find((p) => /more overlapping pagemap entries not listed/.test(p));
    expect(overlapLine).toMatch(/^\d+ more overlapping pagemap entries not listed \(MAX_LISTED_PROBLEMS = \d+/);
    expect(Number(/^(\d+)/.exec(overlapLine!)![1]) + MAX_LISTED_PROBLEMS + ranges.length).toBe(200_000);
  });

  it('keeps the first of two entries at one address and names the second', () => {
    const reader = new MemoryReader(
      pagemap([
        { vaddr: 0x1000, nr_pages: 2, flags: PE_PRESENT },
        { vaddr: 0x2000, nr_pages: 1, flags: PE_PRESENT },
      ]),
      pages(3 * PAGE),
    );
    expect(reader.allRanges().map((r) => [r.start, r.end])).toEqual([[0x1000, 0x3000]]);
    expect(reader.problems).toContain('pagemap ranges at 0x1000 and 0x2000 overlap; the second is ignored');
  });

  it('counts dumped bytes per VMA exactly as a walk of every range would', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 40; round++) {
      const ranges = Array.from({ length: 1 + rand(30) }, () => ({
        vaddr: rand(200) * PAGE,
        nr_pages: rand(5),
        flags: rand(3) ? PE_PRESENT : PE_PARENT,
      }));
      const reader = new MemoryReader(pagemap(ranges), pages(1000 * PAGE));
      for (let q = 0; q < 20; q++) {
        const start = rand(220 * PAGE);
        const end = start + rand(40 * PAGE);
        const walked = reader
          .allRanges()
          .filter((r) => r.inFile)
          .reduce((s, r) => s + Math.max(0, Math.min(end, r.end) - Math.max(start, r.start)), 0);
        expect(presentBytesIn(reader, start, end)).toBe(walked);
      }
    }
  });
});

const vma = (start: number, end: number, extra: Record<string, unknown> = {}) => ({
  start,
  end,
  prot: 3,
  flags: 0x22,
  status: 0x201,
  ...extra,
});

describe('VMA list', () => {
  it('lists overlapping VMAs as they are and names each overlap', () => {
    const list = buildVmas([{ vmas: [vma(0x1000, 0x5000), vma(0x2000, 0x3000), vma(0x4000, 0x6000)] }], null, null, 3);
    expect(list.rows.map((v) => v.start)).toEqual([0x1000, 0x2000, 0x4000]);
    expect(list.problems.map((p) => [p.where, p.pid, p.code])).toEqual([
      ['checkpoint/mm-3.img', 3, 'IMAGE_CORRUPT'],
      ['checkpoint/mm-3.img', 3, 'IMAGE_CORRUPT'],
    ]);
    expect(list.problems[0]!.message).toBe('VMAs 0x1000-0x5000 and 0x2000-0x3000 overlap');
  });

  it('counts the VMAs past MAX_VMAS in a problem naming it', () => {
    const vmas = Array.from({ length: MAX_VMAS + 5 }, (_, i) => vma(i * PAGE, (i + 1) * PAGE));
    const list = buildVmas([{ vmas }], null, null, 1);
    expect(list.rows).toHaveLength(MAX_VMAS);
    expect(list.problems).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('MAX_VMAS = 262144') }),
    ]);
    expect(list.problems[0]!.message).toContain('the last 5 are not listed');
  });

  it('names 100,000 VMAs sharing one long file within MAX_VMA_NAME_CHARS, the rest by id', () => {
    const files = new FileTable([{ type: 'REG', id: 7, reg: { id: 7, name: `/${'n'.repeat(10_000)}` } }]);
    const vmas = Array.from({ length: 100_000 }, (_, i) => vma(i * PAGE, (i + 1) * PAGE, { status: 0x41, shmid: 7 }));
    const list = buildVmas([{ vmas }], null, files, 1);
    const named = list.rows.filter((v) => v.file?.startsWith('/n')).length;
    expect(named).toBeGreaterThan(1000);
    expect(list.rows.filter((v) => v.file === 'file #7')).toHaveLength(100_000 - named);
    expect(list.problems.at(-1)?.message).toMatch(/MAX_VMA_NAME_CHARS = \d+: \d+ VMAs name their file by id/);
    expect(list.rows[0]!.file!.length).toBe(MAX_PATH_CHARS + 3);
  });
});

/** A files.img of the fixture with more entries encoded after its own. */
function filesImage(extra: Record<string, unknown>[]): Buffer {
  const more = buildImage(
    'FILES',
    extra.map((value) => ({ type: 'file_entry', value })),
  );
  return Buffer.concat([fixtureImages()['files.img']!, more.subarray(8)]);
}
const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
const reg = (id: number, name: string) => ({ type: 1, id, reg: { id, flags: 2, pos: 0, fown, name } });
/** The real decoder, as the session uses it. */
const decodeOne = (image: Buffer) => decodeImage(image, { pretty: false }).entries[0];

describe('file table', () => {
  it('indexes files.img without decoding it and finds what the decoded table finds', () => {
    const bytes = fixtureImages()['files.img']!;
    const eager = new FileTable(rawEntries('files.img'));
    const indexed = new FileTable([], { bytes, decodeOne });
    expect(indexed.indexed).toBe(true);
    for (const e of rawEntries('files.img')) {
      const id = e['id'] as number;
      expect(JSON.stringify(indexed.get(id), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(
        JSON.stringify(eager.get(id), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      );
    }
    expect(indexed.get(123_456)).toBeUndefined();
  });

  it('decodes a file entry once however many lookups name it, and cuts a name longer than PATH_MAX', () => {
    const bytes = filesImage([reg(50, `/${'x'.repeat(70_000)}`)]);
    let decoded = 0;
    const table = new FileTable([], { bytes, decodeOne: (image) => (decoded++, decodeOne(image)) });
    for (let i = 0; i < 1000; i++) expect(table.regName(50)?.length).toBe(MAX_PATH_CHARS + 3);
    expect(decoded).toBe(1);
    expect(table.problems()).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('MAX_PATH_CHARS = 4096') }),
    ]);
  });

  it('uses the first of duplicate ids and says so', () => {
    const table = new FileTable([], { bytes: filesImage([reg(60, '/first'), reg(60, '/second')]), decodeOne });
    expect(table.regName(60)).toBe('/first');
    expect(table.problems().map((p) => p.message)).toContain('files.img holds id 60 more than once; the first is used');
  });

  it('frames entries before allocating, and refuses a size word running past the end', () => {
    const bytes = fixtureImages()['files.img']!;
    const frames = frameImage(bytes, 8, 3);
    expect(frames.starts).toHaveLength(3);
    expect(frames.beyond).toBe(rawEntries('files.img').length - 3);
    expect(varintFields(bytes.subarray(frames.starts[0], frames.starts[0]! + frames.sizes[0]!), [1, 2])).toEqual([
      1, 1,
    ]);
    const broken = Buffer.from(bytes);
    broken.writeUInt32LE(0x7fffffff, 8);
    expect(() => frameImage(broken, 8, 10)).toThrow(/entry 0: entry of 2147483647 bytes runs past the end/);
  });
});

describe('descriptor views', () => {
  const table = new FileTable([
    reg(1, `/${'p'.repeat(MAX_PATH_CHARS - 1)}`),
    { type: 'UNIXSK', id: 2, usk: { id: 2, ino: 5, name: Buffer.from('/run/s') } },
  ]);
  const fds = (n: number, id: number) => Array.from({ length: n }, (_, fd) => ({ fd, id, type: 'REG', flags: 0 }));

  it('stops the files view at MAX_FILE_VIEW_CHARS of shared long paths and names the limit', () => {
    const problems: Parameters<typeof fileRows>[2] = [];
    const shared = fds(100_000, 1);
    const rows = fileRows(
      [1, 6, 7].map((pid) => ({ pid, comm: 'sh', fds: shared })),
      table,
      problems,
    );
    // Each row carries its path twice (ours and checkpointctl's name), and both count.
    expect(rows.length).toBe(2048);
    expect(rows.every((r) => r.path === rows[0]!.path)).toBe(true);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDED',
        message: `the files view stops at 2048 of 300000 descriptors (MAX_FILE_VIEW_CHARS = 16777216): 297952 not listed`,
      }),
    ]);
  });

  it('stops the sockets view at MAX_FILE_ROWS and names descriptors of no file entry', () => {
    const problems: Parameters<typeof fileRows>[2] = [];
    const shared = fds(MAX_FILE_ROWS / 2 + 1, 2);
    const rows = socketRows(
      [1, 6].map((pid) => ({ pid, comm: 'sh', fds: shared })),
      table,
      problems,
    );
    expect(rows).toHaveLength(MAX_FILE_ROWS);
    expect(rows.at(-1)).toMatchObject({ pid: 6, path: '/run/s', family: 'AF_UNIX' });
    expect(problems[0]?.message).toContain('(MAX_FILE_ROWS = 250000): 2 not listed');
    const dangling: Parameters<typeof fileRows>[2] = [];
    expect(fileRows([{ pid: 9, comm: 'x', fds: fds(3, 77) }], table, dangling).map((r) => r.path)).toEqual([
      '',
      '',
      '',
    ]);
    expect(dangling.map((p) => p.message)).toEqual([
      'pid 9 fd 0 names file id 77, which files.img does not hold',
      'pid 9 fd 1 names file id 77, which files.img does not hold',
      'pid 9 fd 2 names file id 77, which files.img does not hold',
    ]);
  });
});

describe('hexdump', () => {
  it('folds only rows whose bytes repeat, not rows that merely print alike', () => {
    const state = { prev: null, dup: false };
    const data = Buffer.concat([Buffer.alloc(16, 1), Buffer.alloc(16, 2), Buffer.alloc(16, 2)]);
    const lines = hexdumpRows(data, 0, true, state).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^0000000000000010 {2}(02 ){16} \|\.{16}\|$/);
    expect(lines[2]).toBe('*');
  });
});
