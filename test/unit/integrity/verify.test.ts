// Verify results: every member that differs, is missing or is extra is named;
// the archive's own line is found by its name or as a first non-member line;
// a reference with unreadable lines or without the archive's line never passes.
import { describe, expect, it } from 'vitest';
import { formatHashList } from '../../../electron/inspect/integrity/hash-list';
import { verifyHashes } from '../../../electron/inspect/integrity/verify';
import type { IntegrityHashes, MemberHash } from '../../../shared/dto';

const h = (c: string) => c.repeat(64);
const file = (name: string, sha256: string): MemberHash => ({ name, type: 'file', size: 3, sha256 });
const actual: Pick<IntegrityHashes, 'archive' | 'members'> = {
  archive: { fileName: 'now.tar', size: 100, compression: 'none', sha256: h('0') },
  members: [
    { name: 'checkpoint', type: 'directory', size: 0, sha256: null },
    file('checkpoint/core-1.img', h('1')),
    file('config.dump', h('2')),
    file('spec.dump', h('3')),
  ],
};
const list = (lines: [string, string][]) => lines.map(([sha, name]) => `${sha}  ${name}\n`).join('');

describe('verifyHashes against a sha256sum list', () => {
  it('passes against its own list', () => {
    const r = verifyHashes(actual, formatHashList(actual));
    expect(r).toMatchObject({ against: 'sha256sum', ok: true, counts: { same: 4, differs: 0, missing: 0, extra: 0 } });
    expect(r.rows[0]).toMatchObject({ name: 'now.tar', isArchive: true, status: 'same' });
  });

  it('names the member that differs, the one missing and the one extra', () => {
    const text = list([
      [h('0'), 'now.tar'],
      [h('9'), 'checkpoint/core-1.img'],
      [h('2'), './config.dump'],
      [h('4'), 'checkpoint/pages-1.img'],
    ]);
    const r = verifyHashes(actual, text);
    expect(r.ok).toBe(false);
    const by = Object.fromEntries(r.rows.map((row) => [row.name, row]));
    expect(by['checkpoint/core-1.img']).toMatchObject({ status: 'differs', expected: h('9'), actual: h('1') });
    expect(by['config.dump']?.status).toBe('same');
    expect(by['checkpoint/pages-1.img']).toMatchObject({ status: 'missing', expected: h('4'), actual: null });
    expect(by['spec.dump']).toMatchObject({ status: 'extra', expected: null, actual: h('3') });
    // A folder is never in a sha256sum list: not extra.
    expect(by['checkpoint']).toBeUndefined();
    expect(r.counts).toEqual({ same: 2, differs: 1, missing: 1, extra: 1 });
  });

  it('takes a first line that names no member as the archive under another name', () => {
    const r = verifyHashes(actual, formatHashList({ ...actual, archive: { ...actual.archive, fileName: 'then.tar' } }));
    expect(r.ok).toBe(true);
    expect(r.rows[0]).toMatchObject({ name: 'now.tar', isArchive: true, status: 'same' });
    const changed = verifyHashes(actual, list([[h('f'), 'then.tar']]));
    expect(changed.rows[0]).toMatchObject({ isArchive: true, status: 'differs' });
  });

  it('fails when the list lacks the archive line or holds a line it cannot read', () => {
    const members = formatHashList(actual).split('\n').slice(1).join('\n');
    const r = verifyHashes(actual, members);
    expect(r.counts.differs + r.counts.missing + r.counts.extra).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.message).toContain('no sha256 of the archive itself');
    const broken = verifyHashes(actual, `${formatHashList(actual)}not a line\n`);
    expect(broken.ok).toBe(false);
    expect(broken.problems).toMatchObject([{ where: 'line 5' }]);
  });

  it('refuses an empty reference', () => {
    expect(() => verifyHashes(actual, '\n\n')).toThrow(/empty/);
  });
});

describe('verifyHashes against a JSON report', () => {
  const report = (members: unknown, sha = h('0')) =>
    JSON.stringify({ schema: 1, archive: { fileName: 'then.tar', sha256: sha }, integrity: { members } });

  it('passes against a report of the same archive, directories included', () => {
    const r = verifyHashes(actual, report(actual.members));
    expect(r).toMatchObject({ against: 'report', ok: true, counts: { same: 5, differs: 0, missing: 0, extra: 0 } });
  });

  it('names what differs, including the archive and a folder that became a file', () => {
    const members = [{ name: 'checkpoint', sha256: h('7') }, ...actual.members.slice(1)];
    const r = verifyHashes(actual, report(members, h('e')));
    expect(r.ok).toBe(false);
    expect(r.rows.filter((row) => row.status === 'differs').map((row) => row.name)).toEqual(['now.tar', 'checkpoint']);
  });

  it('compares only the archive for a report without member hashes, and says so', () => {
    const r = verifyHashes(actual, JSON.stringify({ archive: { sha256: h('0') } }));
    expect(r.rows).toHaveLength(1 + 3);
    expect(r.counts.extra).toBe(3);
    expect(r.problems[0]?.message).toContain('no member hashes');
    expect(r.ok).toBe(false);
  });

  it('lists a bad member entry as a problem and refuses JSON with no hashes at all', () => {
    const r = verifyHashes(actual, report([...actual.members, { name: 'x', sha256: 'nope' }, 42]));
    expect(r.problems.map((p) => p.where)).toEqual(['members[4]', 'members[5]']);
    expect(r.ok).toBe(false);
    expect(() => verifyHashes(actual, '{"hello": 1}')).toThrow(/no sha256/);
    expect(() => verifyHashes(actual, '{"archive": ')).toThrow(/not valid JSON/);
  });
});
