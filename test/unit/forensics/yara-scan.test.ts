// The YARA engine wrapper and the checkpoint scan: compile errors at their
// line and column, hits naming pid, VMA and address, matches across window
// borders, pages not in the checkpoint, files, problems and the deadline.
import { describe, expect, it } from 'vitest';
import type { RootfsEntry } from '../../../shared/dto';
import type { YaraMemoryHit } from '../../../shared/dto/yara';
import { blockScanner, compileRules, parseDiagnostic } from '../../../electron/inspect/yara/engine';
import { scanCheckpoint } from '../../../electron/inspect/yara/scan-checkpoint';
import { scanStretch } from '../../../electron/inspect/yara/scan-windows';
import { fakeSource, vma } from './fake-memory';

const RULE = 'rule marker { strings: $m = "PLANTED-MARKER-0123456789" condition: $m }';
const MARK = Buffer.from('PLANTED-MARKER-0123456789');

type Session = Parameters<typeof scanCheckpoint>[0];
function fakeRootfs(files: Record<string, Buffer>, unreadable: string[] = []): Session {
  const entries = Object.entries(files).map(([path, data]): RootfsEntry => ({
    path,
    type: 'file',
    change: 'added',
    size: data.length,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: null,
    linkTarget: null,
  }));
  return {
    rootfs: () => Promise.resolve(entries),
    readRootfsFile: (path, offset, length) => {
      if (unreadable.includes(path)) return Promise.reject(new Error('bad gzip block'));
      const data = files[path]!.subarray(offset, offset + length);
      return Promise.resolve({ offset, data, total: files[path]!.length });
    },
  };
}
const noRootfs = fakeRootfs({});

describe('YARA compile', () => {
  it('reports the file, line and column of a syntax error, for every bad file', () => {
    const out = compileRules([
      { name: 'good.yar', text: RULE },
      { name: 'bad.yar', text: 'rule a {\n  strings:\n    $a = "x"\n  condition:\n    $a and\n}\n' },
      { name: 'worse.yar', text: 'rule b { condition: $nope }' },
    ]);
    expect('errors' in out && out.errors).toEqual([
      expect.objectContaining({ file: 'bad.yar', line: 6, column: 1 }),
      expect.objectContaining({ file: 'worse.yar', line: 1, column: 21 }),
    ]);
    if ('errors' in out) expect(out.errors[1]!.message).toMatch(/unknown pattern `\$nope`/);
  });

  it('reads a diagnostic without a position as a message alone', () => {
    expect(parseDiagnostic('f.yar', 'error: something broke')).toEqual({
      file: 'f.yar',
      line: null,
      column: null,
      message: 'error: something broke',
    });
  });

  it('keeps two files that name a rule alike apart', () => {
    const out = compileRules([
      { name: 'a.yar', text: RULE },
      { name: 'b.yar', text: RULE },
    ]);
    expect('rules' in out && out.count).toBe(2);
  });
});

describe('YARA windows', () => {
  it('finds a match across a window border once, and none twice from the overlap', async () => {
    const out = compileRules([{ name: 'r.yar', text: RULE }]);
    if ('errors' in out) throw new Error('compile');
    const scanner = blockScanner(out.rules);
    const data = Buffer.alloc(3 * 4096, 0x2e);
    MARK.copy(data, 4096 - 10); // straddles the first border
    MARK.copy(data, 2 * 4096 + 5); // starts in the second window's overlap, owned by the third
    const found: number[] = [];
    await scanStretch(
      0x1000,
      0x1000 + data.length,
      (address, length, target) => {
        data.copy(target, 0, address - 0x1000, address - 0x1000 + length);
        return Promise.resolve(target.subarray(0, length));
      },
      scanner,
      (m) => found.push(...m.strings.map((s) => s.address)),
      { window: 4096, overlap: 64 },
    );
    expect(found).toEqual([0x1000 + 4096 - 10, 0x1000 + 2 * 4096 + 5]);
  });
});

describe('YARA over a checkpoint', () => {
  it('names pid, process, address and VMA of a hit, and counts VMA bytes not in the checkpoint', async () => {
    const bytes = Buffer.alloc(0x2000, 0);
    MARK.copy(bytes, 0x123);
    const source = fakeSource([
      {
        pid: 42,
        comm: 'target',
        runs: [{ start: 0x10000, bytes }],
        vmas: [vma(0x10000, 0x14000), { ...vma(0x20000, 0x21000, '/bin/x'), prot: 'r-xp' }],
      },
      { pid: 43, comm: 'idle', runs: [{ start: 0x10000, bytes: Buffer.alloc(0x1000) }], vmas: [vma(0x10000, 0x11000)] },
    ]);
    const report = await scanCheckpoint(noRootfs, source, { bundled: false, files: [{ name: 'r.yar', text: RULE }] });
    expect(report.compileErrors).toEqual([]);
    expect(report.hits).toEqual([
      expect.objectContaining({
        target: 'memory',
        rule: 'marker',
        ruleFile: 'r.yar',
        pid: 42,
        comm: 'target',
        address: 0x10123,
        vma: { start: 0x10000, end: 0x14000, prot: 'rw-p', file: null },
        stringCount: 1,
        strings: [{ identifier: '$m', address: 0x10123, length: MARK.length, data: MARK.toString('hex') }],
      }),
    ]);
    expect(report.scanned).toEqual({
      processes: 2,
      vmas: 3,
      memoryBytes: 0x3000,
      notInCheckpointBytes: 0x2000 + 0x1000,
      files: 0,
      fileBytes: 0,
    });
    expect(report.complete).toBe(true);
    expect((report.hits[0] as YaraMemoryHit).vma.file).toBeNull();
  });

  it('scans rootfs files by path, and an unreadable file or process is a problem beside the hits', async () => {
    const session = fakeRootfs(
      { '/etc/planted': Buffer.concat([Buffer.from('abc'), MARK]), '/etc/clean': Buffer.from('x'), '/bad': MARK },
      ['/bad'],
    );
    const source = fakeSource([{ pid: 7, comm: 'gone', runs: [] }]);
    source.regions = () => Promise.reject(new Error('pagemap-7.img is truncated'));
    const report = await scanCheckpoint(session, source, { bundled: false, files: [{ name: 'r.yar', text: RULE }] });
    expect(report.hits).toEqual([
      expect.objectContaining({ target: 'rootfs', path: '/etc/planted', address: 3, rule: 'marker' }),
    ]);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^memory of pid 7 \(gone\) not scanned: pagemap-7.img is truncated/),
      expect.stringMatching(/^\/bad not scanned: bad gzip block/),
    ]);
    expect(report.complete).toBe(false);
    expect(report.scanned.files).toBe(2);
  });

  it('stops at the deadline with a problem saying what was not scanned, not a hang', async () => {
    const source = fakeSource([
      { pid: 1, comm: 'big', runs: [{ start: 0, bytes: Buffer.alloc(0x1000) }], vmas: [vma(0, 0x1000)] },
    ]);
    const report = await scanCheckpoint(
      noRootfs,
      source,
      { bundled: false, files: [{ name: 'r.yar', text: RULE }] },
      { deadlineMs: -1 },
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'TIMEOUT', message: expect.stringMatching(/4096 of 4096 bytes not scanned/) }),
    ]);
  });

  it('returns compile errors and scans nothing', async () => {
    const source = fakeSource([]);
    const report = await scanCheckpoint(noRootfs, source, {
      bundled: true,
      files: [{ name: 'x.yar', text: 'rule {' }],
    });
    expect(report.compileErrors).toEqual([expect.objectContaining({ file: 'x.yar', line: 1, column: 6 })]);
    expect(report.hits).toEqual([]);
    expect(report.complete).toBe(false);
  });
});
