import { describe, expect, it } from 'vitest';
import { decodeImage, sniffImage } from '../../../electron/criu';
import { buildImage, encodeEntry, header, sizePrefixed } from './build-image';

const pstree = (pid: number) => ({
  type: 'pstree_entry',
  value: { pid, ppid: 0, pgid: pid, sid: pid, threads: [pid] },
});

describe('image framing', () => {
  it('reads the common magic, the image magic and size-prefixed entries', () => {
    const bytes = buildImage('PSTREE', [pstree(1), pstree(7)]);
    expect(bytes.readUInt32LE(0)).toBe(0x54564319);
    expect(decodeImage(bytes)).toEqual({
      magic: 'PSTREE',
      kind: 'protobuf',
      truncated: false,
      entries: [
        { pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] },
        { pid: 7, ppid: 0, pgid: 7, sid: 7, threads: [7] },
      ],
    });
  });

  it('reads the inventory, which has no common magic', () => {
    const bytes = buildImage('INVENTORY', [
      { type: 'inventory_entry', value: { img_version: 2, fdinfo_per_id: true } },
    ]);
    expect(bytes.length).toBe(4 + 4 + encodeEntry('inventory_entry', { img_version: 2, fdinfo_per_id: true }).length);
    expect(decodeImage(bytes).entries).toEqual([{ img_version: 2, fdinfo_per_id: true }]);
  });

  it('reads service images (stats) behind IMG_SERVICE', () => {
    const bytes = buildImage('STATS', [
      {
        type: 'stats_entry',
        value: {
          dump: {
            freezing_time: 5,
            frozen_time: 6,
            memdump_time: 7,
            memwrite_time: 8,
            pages_scanned: 9,
            pages_skipped_parent: 0,
            pages_written: 3,
          },
        },
      },
    ]);
    expect(bytes.readUInt32LE(0)).toBe(0x55105940);
    const img = decodeImage(bytes);
    expect(img.magic).toBe('STATS');
    expect(img.entries[0]).toMatchObject({ dump: { pages_written: 3 } });
  });

  it('gives an image with no entries for a header alone', () => {
    expect(decodeImage(header('FDINFO'))).toEqual({ magic: 'FDINFO', kind: 'protobuf', entries: [], truncated: false });
  });

  it('decodes pagemap as one pagemap_head, then pagemap_entry', () => {
    const bytes = buildImage('PAGEMAP', [
      { type: 'pagemap_head', value: { pages_id: 3 } },
      { type: 'pagemap_entry', value: { vaddr: 0x400000, compat_nr_pages: 2, nr_pages: 2, flags: 4 } },
    ]);
    expect(decodeImage(bytes).entries).toEqual([
      { pages_id: 3 },
      { vaddr: '0x400000', compat_nr_pages: 2, flags: 'PE_PRESENT', nr_pages: 2 },
    ]);
  });

  it('stops at maxEntries and says so; startEntry skips entries', () => {
    const bytes = buildImage('PSTREE', [pstree(1), pstree(2), pstree(3)]);
    const first = decodeImage(bytes, { maxEntries: 2 });
    expect(first.entries.map((e) => (e as { pid: number }).pid)).toEqual([1, 2]);
    expect(first.truncated).toBe(true);
    const rest = decodeImage(bytes, { startEntry: 2 });
    expect(rest.entries.map((e) => (e as { pid: number }).pid)).toEqual([3]);
    expect(rest.truncated).toBe(false);
    expect(decodeImage(bytes, { maxEntries: 3 }).truncated).toBe(false);
  });
});

describe('sniffImage', () => {
  it('names protobuf images by magic, with or without the common word', () => {
    expect(sniffImage(header('CORE'))).toEqual({ magic: 'CORE', kind: 'protobuf' });
    expect(sniffImage(header('INVENTORY'))).toEqual({ magic: 'INVENTORY', kind: 'protobuf' });
    expect(sniffImage(header('STATS'))).toEqual({ magic: 'STATS', kind: 'protobuf' });
  });

  it('recognises raw images by file name, whatever their bytes', () => {
    expect(sniffImage(header('CORE'), 'pages-3.img')).toEqual({ magic: 'PAGES', kind: 'raw' });
    expect(sniffImage(Buffer.from([1, 2, 3, 4]), 'tmpfs-dev-58.tar.gz.img')).toEqual({
      magic: 'TMPFS_DEV',
      kind: 'raw',
    });
    expect(sniffImage(Buffer.alloc(8), 'iptables-9.img').magic).toBe('IPTABLES');
    expect(sniffImage(Buffer.alloc(8), 'ip6tables-9.img').magic).toBe('IP6TABLES');
    expect(sniffImage(Buffer.alloc(8), 'nftables-9.img').magic).toBe('NFTABLES');
    expect(sniffImage(Buffer.alloc(8), 'ifaddr-9.img').magic).toBe('IFADDR');
    expect(sniffImage(Buffer.alloc(8), 'route6-9.img').magic).toBe('ROUTE6');
    expect(sniffImage(Buffer.from([0x1f, 0x8b, 8, 0]))).toEqual({ magic: 'RAW', kind: 'raw' });
  });

  it('reports unknown magics, short heads and magics crit has no handler for as unknown', () => {
    expect(sniffImage(Buffer.from([0x78, 0x56, 0x34, 0x12]))).toEqual({ magic: '0x12345678', kind: 'unknown' });
    expect(sniffImage(Buffer.from([1, 2]))).toEqual({ magic: 'UNKNOWN', kind: 'unknown' });
    expect(sniffImage(header('CORE').subarray(0, 6))).toEqual({ magic: 'UNKNOWN', kind: 'unknown' });
    expect(sniffImage(header('KDAT'))).toEqual({ magic: 'KDAT', kind: 'unknown' });
  });

  it('decodeImage returns no entries, and no error, for raw and unknown images', () => {
    expect(decodeImage(Buffer.from('not an image at all'))).toMatchObject({ kind: 'unknown', entries: [] });
    expect(decodeImage(Buffer.alloc(4096, 7), { name: 'pages-1.img' })).toEqual({
      magic: 'PAGES',
      kind: 'raw',
      entries: [],
      truncated: false,
    });
    expect(decodeImage(Buffer.alloc(0))).toEqual({ magic: 'UNKNOWN', kind: 'unknown', entries: [], truncated: false });
  });

  it('an entry framed by hand decodes like an encoded one', () => {
    const bytes = Buffer.concat([
      header('IDS'),
      sizePrefixed(encodeEntry('task_kobj_ids_entry', { vm_id: 1, files_id: 2, fs_id: 3, sighand_id: 4 })),
    ]);
    expect(decodeImage(bytes).entries).toEqual([{ vm_id: 1, files_id: 2, fs_id: 3, sighand_id: 4 }]);
  });
});
