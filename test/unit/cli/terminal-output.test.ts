import { describe, expect, it } from 'vitest';
import { diffText } from '../../../electron/cli/format/diff-tree';
import { jsonText } from '../../../electron/cli/format/json-text';
import { layoutSafe } from '../../../electron/cli/format/output';
import { renderTable } from '../../../electron/cli/format/table';
import type { CtlDiff } from '../../../electron/inspect/diff/ctl-types';
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
    const d = {
      container_id: 'id\x1b]0;T\x07',
      container_name: 'web\nFAKE',
      image: 'img',
      checkpoint_a: { created: '', total_size: 0 },
      checkpoint_b: { created: '', total_size: 0 },
      process_changes: {},
      file_changes: { added: [{ pid: 1, fd: 'REG 3', type: 'REG', path: '/x\nFAKE' }] },
      memory_changes: { size_change_bytes: 0, size_change_mb: 0 },
      summary: 'Checkpoint comparison for container web\nFAKE\nFiles: +1 -0',
      rootfs_changes: { added: [], removed: [], changed: [] },
      spec_changes: [{ path: 'annotations.k', before: 'v\r', after: null, change: 'removed', mark: null }],
      config_changes: [],
      problems: [],
    } as CtlDiff;
    const text = diffText(d, undefined, { psTreeCmd: false, showUnchanged: false });
    expect(terminalControls(Buffer.from(text))).toEqual([]);
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('║ ID:'))).toMatch(/^║ ID: {8}id\\x1b\]0;T\\x07 +║$/);
    expect(lines).toContain('│   + PID 1     REG      /x\\x0aFAKE');
    expect(lines).toContain('│   ~ annotations.k: v\\x0d -> null');
    expect(lines.slice(-4)).toEqual([
      'Summary:',
      'Checkpoint comparison for container web\\x0aFAKE',
      'Files: +1 -0',
      '',
    ]);
  });
});
