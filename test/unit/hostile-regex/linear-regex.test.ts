import { describe, expect, it } from 'vitest';
import { compileLinearRegex, type RegexFlags } from '../../../electron/inspect/search/linear-regex';
import { compilePattern } from '../../../electron/inspect/search/pattern';
import { AppError } from '../../../shared/errors';

function spans(source: string, text: string, opts: { flags?: RegexFlags; maxLength?: number; final?: boolean } = {}) {
  const out: [number, number][] = [];
  compileLinearRegex(source, opts.flags).forEachMatch(
    text,
    { maxLength: opts.maxLength ?? 1024, ...(opts.final === undefined ? {} : { final: opts.final }) },
    (m) => {
      out.push([m.start, m.end]);
      return true;
    },
  );
  return out;
}

function refusal(source: string): AppError {
  try {
    compileLinearRegex(source);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${source} was accepted`);
}

describe('linear regex engine (re2js)', () => {
  it('finds leftmost-first matches as Perl does, empty ones skipped', () => {
    expect(spans('a+', 'xaaxa')).toEqual([
      [1, 3],
      [4, 5],
    ]);
    expect(spans('(a|ab)(c|bcd)', 'abcd abc')).toEqual([
      [0, 4],
      [5, 8],
    ]);
    expect(spans('x*', 'axxb')).toEqual([[1, 3]]);
    expect(spans('a*?b', 'aab')).toEqual([[0, 3]]);
  });

  it('answers anchors and word boundaries from the real neighbours of a window', () => {
    expect(spans('\\bfoo\\b', 'foo foox xfoo foo')).toEqual([
      [0, 3],
      [14, 17],
    ]);
    expect(spans('\\Bb', 'ab b')).toEqual([[1, 2]]);
    expect(spans('^a', 'aaa')).toEqual([[0, 1]]);
    expect(spans('a$', 'aaa')).toEqual([[2, 3]]);
    expect(spans('(?m)^b$', 'a\nb\nc')).toEqual([[2, 3]]);
    // Windows far shorter than the text: still no false `$` or `\b` at their edges.
    const text = `${'a'.repeat(5000)}b`;
    expect(spans('a$', text, { maxLength: 16 })).toEqual([]);
    expect(spans('a\\b', text, { maxLength: 16 })).toEqual([]);
    expect(spans('b$', text, { maxLength: 16 })).toEqual([[5000, 5001]]);
  });

  it('reads each char as one byte: \\xff is the byte 0xff, . is not a newline', () => {
    const text = Buffer.from([0x41, 0xff, 0x0a, 0x42]).toString('latin1');
    expect(spans('\\xff', text)).toEqual([[1, 2]]);
    expect(spans('.+', text)).toEqual([
      [0, 2],
      [3, 4],
    ]);
    expect(spans('(?s).+', text)).toEqual([[0, 4]]);
    expect(spans('secret', 'SeCrEt', { flags: { ignoreCase: true } })).toEqual([[0, 6]]);
  });

  it('says where the bytes go on: no `$` at the end of a chunk that is cut mid-run', () => {
    expect(spans('a$', 'aaa', { final: false })).toEqual([]);
    expect(spans('a$', 'aaa', { final: true })).toEqual([[2, 3]]);
  });

  it('cuts a match longer than maxLength into pieces no longer than two windows', () => {
    const found = spans('a+', 'a'.repeat(300), { maxLength: 100 });
    expect(found.flat()[0]).toBe(0);
    expect(found[found.length - 1]![1]).toBe(300);
    for (const [s, e] of found) expect(e - s).toBeLessThanOrEqual(200);
  });

  it('reports the asked-for capture group, or -1 when it took no part', () => {
    const got: number[][] = [];
    compileLinearRegex('key=(\\w+)|(none)').forEachMatch('key=abc none', { maxLength: 64, group: 1 }, (m) => {
      got.push([m.start, m.end, m.groupStart, m.groupEnd]);
      return true;
    });
    expect(got).toEqual([
      [0, 7, 4, 7],
      [8, 12, -1, -1],
    ]);
  });

  it('stops when told to', () => {
    let n = 0;
    compileLinearRegex('a').forEachMatch('aaaaa', { maxLength: 4 }, () => ++n < 2);
    expect(n).toBe(2);
  });

  it('runs a catastrophic pattern over a long run in linear time (a result, not a hang)', () => {
    const text = `${'a'.repeat(4 << 20)}!`;
    expect(spans('(a+)+$', text)).toEqual([]);
    expect(spans('(a|aa)*b', text)).toEqual([]);
    expect(spans('(x+x+)+y', 'x'.repeat(1 << 20))).toEqual([]);
  });

  it.each([
    ['(a)\\1', 'backreference \\1'],
    ['(?<n>a)\\k<n>', 'backreference \\k<name>'],
    ['(?=a)b', 'lookahead (?=...)'],
    ['a(?!b)', 'negative lookahead (?!...)'],
    ['(?<=a)b', 'lookbehind (?<=...)'],
    ['(?<![A-Z])b', 'negative lookbehind (?<!...)'],
    ['(?>a+)b', 'atomic group (?>...)'],
    ['a++b', 'possessive quantifier ++'],
  ])('refuses %s naming %s and why (linear time)', (source, construct) => {
    const error = refusal(source);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(construct);
    expect(error.message).toMatch(/linear-time engine/);
    expect(error.message).toMatch(/exponential/);
  });

  it('does not mistake escapes and classes for those constructs', () => {
    expect(spans('[(?=]', '?')).toEqual([[0, 1]]);
    expect(spans('\\(\\?=', '(?=')).toEqual([[0, 3]]);
    expect(spans('[[:digit:]]+\\+', 'a12+')).toEqual([[1, 4]]);
    expect(spans('\\Q(?=\\E', 'x(?=')).toEqual([[1, 4]]);
  });

  it('refuses what RE2 cannot parse with INVALID_ARGUMENT and the parser’s words', () => {
    for (const [source, words] of [
      ['(', 'missing closing )'],
      ['a{2000}', 'invalid repeat count'],
      ['[z-a]', 'invalid character class range'],
    ] as const) {
      const error = refusal(source);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(words);
    }
  });

  it('is what compilePattern uses for kind regex: refusals reach the caller as INVALID_ARGUMENT', () => {
    expect(() => compilePattern({ kind: 'regex', query: '(a)\\1' })).toThrow(/backreference/);
    const found: number[] = [];
    const bytes = Buffer.from(`${'a'.repeat(100_000)}b`, 'latin1');
    compilePattern({ kind: 'regex', query: '(a+)+$' }).find(bytes, bytes.length, (m) => found.push(m.index) > 0);
    expect(found).toEqual([]);
  });
});
