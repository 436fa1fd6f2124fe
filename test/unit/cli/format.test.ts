import { describe, expect, it } from 'vitest';
import { hexdumpRows } from '../../../electron/cli/format/hexdump';
import { renderTable } from '../../../electron/cli/format/table';
import { TreeNode } from '../../../electron/cli/format/tree';
import { byteToString, formatMicros, rfc3339, rfc822 } from '../../../electron/cli/format/units';

describe('checkpointctl-style formatting', () => {
  it('sizes like ByteToString', () => {
    expect(byteToString(0)).toBe('0 B');
    expect(byteToString(1023)).toBe('1023 B');
    expect(byteToString(1024)).toBe('1.0 KiB');
    expect(byteToString(248_238)).toBe('242.4 KiB');
    expect(byteToString(1024 ** 3 * 1.5)).toBe('1.5 GiB');
  });

  it('times like FormatTime', () => {
    expect(formatMicros(346)).toBe('346 µs');
    expect(formatMicros(5217)).toBe('5.217 ms');
    expect(formatMicros(718_660)).toBe('718.66 ms');
    expect(formatMicros(1_500_000)).toBe('1.5 s');
    expect(formatMicros(2_000_000)).toBe('2 s');
  });

  it('writes RFC3339 and RFC822 times', () => {
    expect(rfc3339('2026-11-30T04:25:00.384678809Z')).toBe('2026-11-30T04:25:00Z');
    expect(rfc3339(null)).toBe('');
    expect(rfc822('2026-11-30T04:25:52Z')).toBe('30 Nov 26 04:25 UTC');
  });

  it('lays out a table like tabwriter (min width 6, padding 3)', () => {
    expect(
      renderTable(
        ['Pid', 'Name'],
        [
          ['1', 'sh'],
          ['12345', 'httpd'],
        ],
      ),
    ).toBe('PID     NAME\n---     ----\n1       sh\n12345   httpd\n');
  });

  it('prints a tree like treeprint, with meta branches and multi-line values', () => {
    const t = new TreeNode('web');
    t.add('Image: busybox');
    const ps = t.add('Process tree');
    const sh = ps.addMeta('1', 'sh -c a\nb');
    sh.addMeta('6', 'httpd');
    expect(t.render()).toBe(
      [
        'web',
        '├── Image: busybox',
        '└── Process tree',
        '    └── [1]  sh -c a',
        '        b',
        '        └── [6]  httpd',
        '',
      ].join('\n'),
    );
  });

  it('hexdumps 16 bytes a row and folds repeated rows into one star', () => {
    const state = { prev: null as string | null, dup: false };
    const data = Buffer.concat([Buffer.from('Hello, world!!!\n'), Buffer.alloc(48)]);
    const out = hexdumpRows(data, 0x1000, true, state);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('0000000000001000  48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 21 21 0a  |Hello, world!!!.|');
    expect(lines[1]).toMatch(/^0000000000001010 {2}(00 ){16} \|\.{16}\|$/);
    expect(lines.slice(2)).toEqual(['*']);
  });
});
