import { describe, expect, it } from 'vitest';
import { asciiOf, decodeText, fromBase64, hexByte, looksLikeText } from '../../../renderer/src/lib/bytes';
import { filterRows } from '../../../renderer/src/lib/filter-rows';
import {
  basename,
  formatBytes,
  formatDate,
  formatMicros,
  formatMode,
  plural,
  relativeTime,
  shortId,
} from '../../../renderer/src/lib/format';

describe('formatters', () => {
  it('says counts in proper plural, never "match(es)"', () => {
    expect(plural(1, 'match', 'matches')).toBe('1 match');
    expect(plural(0, 'match', 'matches')).toBe('0 matches');
    expect(plural(1024, 'process', 'processes')).toBe('1,024 processes');
    expect(plural(2, 'file')).toBe('2 files');
  });

  it('gives times with their zone and the distance from now', () => {
    const now = Date.parse('2026-12-02T16:00:00Z');
    expect(relativeTime(now - 3 * 3600_000, now)).toBe('3 hours ago');
    expect(relativeTime(now + 2 * 86400_000, now)).toBe('in 2 days');
    expect(relativeTime(now - 20_000, now)).toBe('20 seconds ago');
    expect(relativeTime(now - 400 * 86400_000, now)).toBe('last year');
    const text = formatDate('2026-12-02T13:00:00Z', now);
    expect(text).toMatch(/(UTC|GMT)[+-]?\d*.* \(3 hours ago\)$/);
    expect(formatDate('not a date', now)).toBe('not a date');
    expect(formatDate(null, now)).toBe('—');
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(378_880)).toBe('370.0 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('formats modes as ls -l does, with set-id and sticky bits', () => {
    expect(formatMode(0o644)).toBe('-rw-r--r--');
    expect(formatMode(0o755, 'directory')).toBe('drwxr-xr-x');
    expect(formatMode(0o4755)).toBe('-rwsr-xr-x');
    expect(formatMode(0o2644)).toBe('-rw-r-Sr--');
    expect(formatMode(0o1777, 'directory')).toBe('drwxrwxrwt');
    expect(formatMode(0o777, 'symlink')).toBe('lrwxrwxrwx');
  });

  it('formats durations, names and ids', () => {
    expect(formatMicros(999)).toBe('999 µs');
    expect(formatMicros(12_345)).toBe('12.3 ms');
    expect(formatMicros(undefined)).toBe('—');
    expect(basename('/a/b/checkpoint.tar')).toBe('checkpoint.tar');
    expect(basename('/')).toBe('/');
    expect(shortId('87ef6a522ca6fd0d4cbbd748')).toBe('87ef6a522ca6');
    expect(shortId('abc')).toBe('abc');
  });
});

describe('bytes', () => {
  it('decodes base64 pages', () => {
    expect([...fromBase64('AAH/')]).toEqual([0, 1, 255]);
    expect(decodeText(fromBase64(Buffer.from('written after start').toString('base64')))).toBe('written after start');
  });

  it('tells text from binary as file(1) does', () => {
    const enc = new TextEncoder();
    expect(looksLikeText(enc.encode('line one\n\tline two\r\n\u001b[0m'))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0]))).toBe(false);
    expect(looksLikeText(new Uint8Array(100).fill(1))).toBe(false);
    expect(looksLikeText(new Uint8Array())).toBe(true);
  });

  it('shows bytes for the hex viewer', () => {
    expect(hexByte(10)).toBe('0a');
    expect(asciiOf(0x41)).toBe('A');
    expect(asciiOf(0x7f)).toBe('.');
    expect(asciiOf(0x0a)).toBe('.');
  });
});

describe('filterRows', () => {
  const rows = [
    { pid: 6, comm: 'httpd', options: ['rbind', 'rw'], extra: null },
    { pid: 7, comm: 'tail', options: ['ro'], extra: { nested: 'httpd' } },
  ];
  it('matches strings case-insensitively, numbers and array items, not nested objects', () => {
    expect(filterRows(rows, 'HTTPD').map((r) => r.pid)).toEqual([6]);
    expect(filterRows(rows, '7').map((r) => r.pid)).toEqual([7]);
    expect(filterRows(rows, 'rbind').map((r) => r.pid)).toEqual([6]);
    expect(filterRows(rows, '  ')).toBe(rows);
    expect(filterRows(rows, 'nothing')).toEqual([]);
  });
});

describe('CRIU stat names', () => {
  it('says every stats key in words, from either spelling, one table for core and GUI', async () => {
    const { statLabel } = await import('../../../shared/criu-stat-names');
    expect(statLabel('freezingTimeUs')).toBe('Time to freeze the tasks');
    expect(statLabel('freezing_time')).toBe('Time to freeze the tasks');
    expect(statLabel('pagesSkippedParent')).toBe('Pages skipped: unchanged since the parent (pre-)dump');
    expect(statLabel('somethingNew')).toBe('somethingNew');
  });
});
