import { describe, expect, it } from 'vitest';
import { diffTree } from '../../../electron/cli/commands/diff';
import { jsonText } from '../../../electron/cli/format/json-text';
import { layoutSafe } from '../../../electron/cli/format/output';
import { renderTable } from '../../../electron/cli/format/table';
import type { ArchiveDiff } from '../../../shared/dto/forensics';
import { terminalControls } from '../../support/run-cli-process';

/** One of every class a terminal acts on: C0, DEL, C1, line separators, bidi embeddings/overrides/isolates. */
const EVERY_CONTROL = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i))
  .concat(Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)))
  .concat([
    '\u2028',
    '\u2029',
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ])
  .join('');

describe('jsonText: every JSON the CLI prints', () => {
  it('gives back the same values after JSON.parse', () => {
    const value = { [`k${EVERY_CONTROL}`]: [EVERY_CONTROL, `a\u202eb`, 1, null, { nested: '\x1b]0;T\x07' }] };
    expect(JSON.parse(jsonText(value, 2))).toEqual(value);
    expect(JSON.parse(jsonText(value))).toEqual(value);
  });

  it('carries no raw control, only \\u escapes', () => {
    const text = jsonText({ s: EVERY_CONTROL }, 2);
    expect(terminalControls(Buffer.from(text))).toEqual([]);
    expect(text).toContain('\\u009b');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u2028');
    expect(text).toContain('\\u007f');
  });

  it('leaves other text as JSON.stringify writes it', () => {
    const value = { name: 'web', sizes: [1, 2.5], unicode: 'µs ↑ ↓ é' };
    expect(jsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
  });
});

describe('layoutSafe: the net under every text write', () => {
  it('keeps newline and tab, escapes every other control', () => {
    expect(layoutSafe('a\tb\nc')).toBe('a\tb\nc');
    const escaped = layoutSafe(EVERY_CONTROL);
    expect(terminalControls(Buffer.from(escaped))).toEqual([]);
    expect(escaped).toContain('\\x1b');
    expect(escaped).toContain('\\x0d');
    expect(escaped).toContain('\\x9b');
    expect(escaped).toContain('\\u2066');
  });
});

describe('tables and trees escape archive values before they are laid out', () => {
  it('a cell with CR, LF or ESC stays on its row and columns are measured on what is shown', () => {
    const table = renderTable(
      ['Name', 'Value'],
      [
        ['a\r\nFAKE', 'x'],
        ['\x1b[31mred', 'y\u202e'],
      ],
    );
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toBe(
      'NAME            VALUE\n----            -----\na\\x0d\\x0aFAKE   x\n\\x1b[31mred     y\\u202e\n',
    );
  });

  it('a diff line with a newline in a value stays one line', () => {
    const empty = { added: [], removed: [] };
    const d = {
      a: { fileName: 'a\x1b]0;T\x07.tar', containerName: null, checkpointedAt: null },
      b: { fileName: 'b.tar', containerName: null, checkpointedAt: null },
      processes: { ...empty, changed: [] },
      files: { added: [{ pid: 1, fd: 3, type: 'REG', path: '/x\nFAKE' }], removed: [] },
      sockets: empty,
      memory: [],
      rootfs: { ...empty, changed: [] },
      spec: [{ path: 'annotations.k', before: 'v\r', after: null }],
      config: [],
      problems: [],
    } as unknown as ArchiveDiff;
    const text = diffTree(d);
    expect(terminalControls(Buffer.from(text))).toEqual([]);
    expect(text.split('\n')).toEqual([
      'a\\x1b]0;T\\x07.tar -> b.tar',
      '├── Open files',
      '│   └── + [1] fd 3 REG /x\\x0aFAKE',
      '├── spec.dump',
      '│   └── annotations.k: v\\x0d -> null',
      '',
    ]);
  });
});
