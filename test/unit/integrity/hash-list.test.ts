// The sha256sum format both ways: what we write reads back to the same names
// (hostile ones included), GNU coreutils' own lists read as it reads them,
// and every line that is not an entry is a problem naming its line.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHashList, parseHashList } from '../../../electron/inspect/integrity/hash-list';
import type { MemberHash } from '../../../shared/dto';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const member = (name: string, sha256: string | null): MemberHash => ({
  name,
  type: sha256 === null ? 'directory' : 'file',
  size: 1,
  sha256,
});
const archive = { fileName: 'x.tar', size: 10, compression: 'none' as const, sha256: A };

describe('formatHashList', () => {
  it('writes the archive first, then members with content, in sha256sum form', () => {
    const text = formatHashList({ archive, members: [member('checkpoint', null), member('checkpoint/core-1.img', B)] });
    expect(text).toBe(`${A}  x.tar\n${B}  checkpoint/core-1.img\n`);
  });

  it('escapes hostile names so that the list is safe on a terminal and reads back to the same names', () => {
    const names = ['new\nline', 'back\\slash', 'cr\rname', 'esc\u001b[31mred', 'bidi\u202eflip', 'tab\there', '\\x41'];
    const text = formatHashList({ archive, members: names.map((n) => member(n, B)) });
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    const { entries, problems } = parseHashList(text);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(['x.tar', ...names]);
    expect(entries.every((e, i) => e.sha256 === (i === 0 ? A : B))).toBe(true);
  });
});

describe('parseHashList', () => {
  it('reads CRLF lists, binary-mode stars, BSD tags, upper-case hex and ./ names', () => {
    const text = `${A}  x.tar\r\n${B} *./checkpoint/a.img\r\nSHA256 (checkpoint/b.img) = ${C.toUpperCase()}\r\n`;
    const { entries, problems } = parseHashList(text);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.line, e.name, e.sha256])).toEqual([
      [1, 'x.tar', A],
      [2, 'checkpoint/a.img', B],
      [3, 'checkpoint/b.img', C],
    ]);
  });

  it('names every line that is not an entry, and keeps the rest', () => {
    const text = [
      `${A}  ok.img`,
      'garbage',
      `${A.slice(1)}  short-hash.img`,
      `\\${B}  bad\\qescape`,
      `${B}  ok.img`,
      `${C}  ./`,
      `${C}  fine.img`,
    ].join('\n');
    const { entries, problems } = parseHashList(text);
    expect(entries.map((e) => e.name)).toEqual(['ok.img', 'fine.img']);
    expect(problems.map((p) => p.where)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(problems[3]!.message).toContain('listed before (line 1)');
  });

  it('reads a list written by GNU sha256sum over hostile file names exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'h-integrity-sums-'));
    try {
      const names = ['plain', 'new\nline', 'back\\slash'];
      for (const [i, n] of names.entries()) await writeFile(join(dir, n), `content ${i}`);
      const text = execFileSync('sha256sum', ['--', ...names], { cwd: dir, encoding: 'utf8' });
      const { entries, problems } = parseHashList(text);
      expect(problems).toEqual([]);
      expect(entries.map((e) => e.name)).toEqual(names);
      // And sha256sum -c accepts what we write for the same files.
      const ours = formatHashList({
        archive: { ...archive, fileName: names[0]!, sha256: entries[0]!.sha256 },
        members: entries.slice(1).map((e) => member(e.name, e.sha256)),
      });
      await writeFile(join(dir, 'list'), ours);
      expect(execFileSync('sha256sum', ['-c', 'list'], { cwd: dir, encoding: 'utf8' })).toMatch(/OK\n.*OK\n.*OK\n/s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
