import { describe, expect, it } from 'vitest';
import { exportFileName, toCsv, toJson } from '../../../shared/table-export';

const columns = [
  { key: 'path', title: 'Path' },
  { key: 'size', title: 'Size' },
];

describe('table export', () => {
  it('quotes commas, quotes, newlines and edge spaces as RFC 4180 says', () => {
    const csv = toCsv(columns, [
      { path: 'a,b', size: 1 },
      { path: 'say "hi"', size: 2 },
      { path: 'two\nlines', size: 3 },
      { path: ' padded ', size: 4 },
      { path: 'plain', size: null },
    ]);
    expect(csv).toBe('Path,Size\r\n"a,b",1\r\n"say ""hi""",2\r\n"two\nlines",3\r\n" padded ",4\r\nplain,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const rows = ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'].map((path) => ({
      path,
      size: 0,
    }));
    const lines = toCsv(columns, rows).split('\r\n').slice(1, -1);
    expect(lines[0]).toBe(`"'=HYPERLINK(""http://x"")",0`);
    expect(lines[1]).toBe("'+1,0");
    expect(lines[2]).toBe("'-2+3,0");
    expect(lines[3]).toBe("'@SUM(A1),0");
    expect(lines[4]).toBe("'\t=1,0");
    // The carriage return makes the cell quoted, and the line split above cut it: check the whole text.
    expect(toCsv(columns, [{ path: '\r=1', size: 0 }])).toContain(`"'\r=1",0`);
    // Numbers are data, not formulas: a negative size stays a number.
    expect(toCsv(columns, [{ path: 'x', size: -5 }])).toBe('Path,Size\r\nx,-5\r\n');
  });

  it('exports JSON keyed by column title, in column order, with types kept', () => {
    const json = JSON.parse(toJson(columns, [{ path: '=x', size: 7, extra: 'dropped' }, { path: 'y' }]));
    expect(json).toEqual([
      { Path: '=x', Size: 7 },
      { Path: 'y', Size: null },
    ]);
    expect(Object.keys(json[0])).toEqual(['Path', 'Size']);
  });

  it('names the file after the table', () => {
    expect(exportFileName('Search hits', 'csv')).toBe('search-hits.csv');
    expect(exportFileName('Open files (pid 6)', 'json')).toBe('open-files-pid-6.json');
    expect(exportFileName('***', 'csv')).toBe('table.csv');
  });
});
