// Fuzz target: the regex path (electron/inspect/search/linear-regex.ts on
// re2js). Random patterns from a grammar of constructs RE2 and V8 read alike,
// over random byte strings short enough for V8 to be safe: the same matches,
// at the same positions and lengths, through the windowed engine and through
// compilePattern's chunk matcher. And patterns holding a construct only a
// backtracking engine can run are refused with INVALID_ARGUMENT.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from '../../electron/inspect/search/linear-regex';
import { compilePattern } from '../../electron/inspect/search/pattern';
import { AppError } from '../../shared/errors';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';

/** One node of a pattern, written for RE2 and for V8 (where they spell a construct differently). */
interface Node {
  re2: string;
  v8: string;
  /** Can match the empty string (never quantified: RE2 and V8 treat empty loops differently). */
  nullable: boolean;
}

const CHARS = ['a', 'b', 'A', ' ', '-', '\n', '\xe9', '\xc9', '\xff'];
const node = (re2: string, v8 = re2, nullable = false): Node => ({ re2, v8, nullable });
const escapeChar = (c: string) =>
  /[a-zA-Z -]/.test(c) ? c.replace('-', '\\-') : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

const atom: fc.Arbitrary<Node> = fc.oneof(
  { arbitrary: fc.constantFrom(...CHARS).map((c) => node(escapeChar(c))), weight: 6 },
  fc.constantFrom(
    node('.', '[^\\n]'),
    node('\\d'),
    node('\\w'),
    node('\\W'),
    node('\\s', '[\\t\\n\\f\\r ]'),
    node('\\S', '[^\\t\\n\\f\\r ]'),
    node('[ab]'),
    node('[^a]'),
    node('[a-b\\xe9]'),
    node('[^\\n-]'),
  ),
  fc.constantFrom(node('^', '^', true), node('$', '$', true), node('\\b', '\\b', true), node('\\B', '\\B', true)),
);

const quantifiers = ['*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '??', '{1,2}?'];

const { pattern } = fc.letrec<{ pattern: Node; seq: Node; piece: Node }>((tie) => ({
  piece: fc.oneof(
    { arbitrary: atom, weight: 4 },
    {
      arbitrary: fc
        .tuple(tie('piece'), fc.constantFrom(...quantifiers))
        .filter(([p]) => !p.nullable)
        .map(([p, q]) => node(`(?:${p.re2})${q}`, `(?:${p.v8})${q}`, q.startsWith('*') || q.startsWith('?'))),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(tie('pattern'), fc.boolean())
        .map(([p, capture]) =>
          node(capture ? `(${p.re2})` : `(?:${p.re2})`, capture ? `(${p.v8})` : `(?:${p.v8})`, p.nullable),
        ),
      weight: 1,
    },
  ),
  seq: fc.array(tie('piece'), { minLength: 1, maxLength: 4 }).map((ps) =>
    node(
      ps.map((p) => p.re2).join(''),
      ps.map((p) => p.v8).join(''),
      ps.every((p) => p.nullable),
    ),
  ),
  pattern: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((ss) =>
    node(
      ss.map((s) => s.re2).join('|'),
      ss.map((s) => s.v8).join('|'),
      ss.some((s) => s.nullable),
    ),
  ),
}));

const input = fc.array(fc.constantFrom(...CHARS, 'a', 'b', 'c'), { maxLength: 40 }).map((cs) => cs.join(''));

/** V8's matches, as the search reports them: non-overlapping, empty ones skipped. */
function v8Matches(source: string, text: string, ignoreCase: boolean): [number, number][] {
  const re = new RegExp(source, ignoreCase ? 'gi' : 'g');
  const out: [number, number][] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function engineMatches(source: string, text: string, ignoreCase: boolean): [number, number][] {
  const out: [number, number][] = [];
  compileLinearRegex(source, { ignoreCase }).forEachMatch(text, { maxLength: 64 }, (m) => {
    out.push([m.start, m.end]);
    return true;
  });
  return out;
}

function chunkMatches(source: string, text: string, ignoreCase: boolean): [number, number][] {
  const bytes = Buffer.from(text, 'latin1');
  const out: [number, number][] = [];
  compilePattern({ kind: 'regex', query: source, ignoreCase, maxMatchLength: 64 }).find(bytes, bytes.length, (m) => {
    out.push([m.index, m.index + m.length]);
    return true;
  });
  return out;
}

const unsupported = fc.constantFrom(
  '\\1',
  '(?=a)',
  '(?!a)',
  '(?<=a)',
  '(?<!a)',
  '(?>a)',
  '\\k<g>',
  '(?P=g)',
  'a*+',
  'a++',
  '(?(1)a|b)',
  '(?R)',
);

describe('regex engine (fuzz)', () => {
  const agree = caseCount(500);
  it(
    `matches as V8 does on short byte strings (${agree} cases)`,
    () => {
      fc.assert(
        fc.property(pattern, fc.array(input, { minLength: 1, maxLength: 3 }), fc.boolean(), (p, texts, ignoreCase) => {
          for (const text of texts) {
            const want = v8Matches(p.v8, text, ignoreCase);
            expect(engineMatches(p.re2, text, ignoreCase), `/${p.re2}/ on ${JSON.stringify(text)}`).toEqual(want);
            expect(chunkMatches(p.re2, text, ignoreCase), `chunk /${p.re2}/ on ${JSON.stringify(text)}`).toEqual(want);
          }
        }),
        fuzzParams(agree),
      );
    },
    timeoutFor(agree, 2),
  );

  const refused = caseCount(200, 0.25);
  it(
    `refuses backreferences, lookaround, atomic and possessive forms with INVALID_ARGUMENT (${refused} cases)`,
    () => {
      fc.assert(
        fc.property(pattern, unsupported, pattern, (before, bad, after) => {
          const source = `(?P<g>${before.re2})${bad}${after.re2}`;
          let error: unknown;
          try {
            compilePattern({ kind: 'regex', query: source });
          } catch (e) {
            error = e;
          }
          expect(error, source).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('INVALID_ARGUMENT');
          expect((error as AppError).message).toMatch(/not supported: patterns run on a linear-time engine/);
        }),
        fuzzParams(refused),
      );
    },
    timeoutFor(refused, 1),
  );
});
