import { RE2JS } from 're2js';
import { AppError } from '../../../shared/errors';
import { WindowInput, type WindowBounds } from './re2-window-input';
import { findUnsupported } from './unsupported-syntax';

/**
 * Regular expressions on re2js, a port of RE2: linear in the input, RE2
 * syntax and leftmost-first (Perl) semantics, over latin1 strings so that
 * each char is one byte and `\xff` is the byte 0xff.
 */

export interface RegexFlags {
  ignoreCase?: boolean;
  /** `.` matches a newline too. */
  dotAll?: boolean;
  /** `^` and `$` match at line breaks. */
  multiline?: boolean;
}

/** A window where no match starts grows up to this many chars before the next probe. */
const MAX_WINDOW = 64 * 1024;
const UNANCHORED = 0;

/** The part of re2js's RE2 object we drive directly (see re2-window-input.ts). */
interface Engine {
  executeEngine(input: WindowInput, pos: number, anchor: number, ncap: number): number[] | null;
}

export interface LinearMatch {
  start: number;
  end: number;
  /** Start and end of the asked-for group (the whole match for group 0); -1 when it took no part. */
  groupStart: number;
  groupEnd: number;
}

export interface MatchOptions {
  /** Report only matches starting at or after this (default 0); the text before it is still context. */
  from?: number;
  /** Report only matches starting before this (default: the text's length). */
  until?: number;
  /** Matches up to this long are found whole; longer ones may be cut into several. */
  maxLength: number;
  /** Which capture group to report (default 0). */
  group?: number;
  /** Whether the text ends where the bytes end (else `$` does not hold at its end). Default true. */
  final?: boolean;
  /** Work the position-finding engines may still do (see RegexWork); shared by the calls of one search. */
  work?: RegexWork;
}

/**
 * What finding positions may cost one search: the engine that finds a
 * match's bounds and groups (not the DFA probes that find the window it is in)
 * costs about the pattern's instructions times the window it looks at, so a big pattern with dense matches
 * (`(?s).{0,1000}Z` over memory) is linear but slow: this bounds it.
 */
export interface RegexWork {
  left: number;
  /** Named in the error when it runs out. */
  readonly limitName: string;
  readonly limit: number;
}

function refuse(source: string, why: string): never {
  throw new AppError('INVALID_ARGUMENT', `not a regular expression the search supports: ${why}`, {
    pattern: source.slice(0, 200),
  });
}

export class LinearRegex {
  constructor(
    readonly source: string,
    private readonly engine: Engine,
    /** Capture groups in the pattern. */
    readonly groupCount: number,
    /** Size of the compiled program: what each char costs the position-finding engines. */
    readonly instructions: number,
  ) {}

  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean {
    const input = new WindowInput(text, { start: 0, end: text.length, textEnd: text.length, final: true });
    return this.engine.executeEngine(input, 0, UNANCHORED, 0) !== null;
  }

  /**
   * Non-overlapping leftmost-first matches in `text`, in order, empty ones
   * skipped. The fast DFA rules out windows with no match; only the windows
   * that have one go through the slower engines that find positions, each
   * over at most two windows' worth of text, so the whole scan stays linear.
   */
  forEachMatch(text: string, opts: MatchOptions, emit: (m: LinearMatch) => boolean): void {
    const len = text.length;
    const until = Math.min(opts.until ?? len, len);
    const maxLength = Math.max(1, opts.maxLength);
    const group = opts.group ?? 0;
    if (group > this.groupCount) throw new AppError('INTERNAL', `pattern has no group ${group}`);
    const final = opts.final ?? true;
    const bounds = (pos: number, end: number, fence?: number): WindowBounds => ({
      start: pos > 0 ? pos - 1 : 0,
      end,
      textEnd: len,
      final,
      ...(fence === undefined ? {} : { fence }),
    });
    // Is there a match starting in [pos, pos + width) at most maxLength long? The char after the
    // last end such a match can have is fenced off: the DFA takes its input's end for the text's end.
    /** The position engine read `chars` chars (about: it stops where the match is settled). */
    const charge = (chars: number) => {
      const work = opts.work;
      if (!work) return;
      work.left -= Math.max(1, chars) * this.instructions;
      if (work.left < 0)
        throw new AppError(
          'LIMIT_EXCEEDED',
          `the pattern costs too much per match to finish (${work.limitName} = ${work.limit}): ` +
            `${this.instructions} instructions, with matches this dense; make it shorter or more specific`,
          { limit: work.limitName, value: work.limit },
        );
    };
    const probe = (pos: number, width: number): boolean => {
      const fence = pos + width + maxLength;
      const b = fence >= len ? bounds(pos, len) : bounds(pos, fence + 1, fence);
      return this.engine.executeEngine(new WindowInput(text, b), pos - b.start, UNANCHORED, 0) !== null;
    };
    let pos = Math.max(0, opts.from ?? 0);
    let width = maxLength;
    while (pos < until) {
      if (!probe(pos, width)) {
        if (pos + width + maxLength >= len) return;
        pos += width;
        width = Math.min(width * 2, MAX_WINDOW);
        continue;
      }
      while (width > maxLength) {
        const half = Math.ceil(width / 2);
        if (probe(pos, half)) width = half;
        else {
          pos += half;
          width -= half;
        }
      }
      const b = bounds(pos, Math.min(len, pos + width + maxLength));
      const cap = this.engine.executeEngine(new WindowInput(text, b), pos - b.start, UNANCHORED, 2 * (group + 1));
      charge(cap === null ? b.end - b.start : cap[1]! + b.start - pos + 1);
      if (cap === null) {
        pos += width;
        continue;
      }
      const start = cap[0]! + b.start;
      const end = cap[1]! + b.start;
      if (start >= until) return;
      if (end > start) {
        const gs = cap[2 * group]!;
        const ge = cap[2 * group + 1]!;
        const m = { start, end, groupStart: gs < 0 ? -1 : gs + b.start, groupEnd: ge < 0 ? -1 : ge + b.start };
        if (!emit(m)) return;
        pos = end;
      } else pos = start + 1;
      width = maxLength;
    }
  }
}

/**
 * Compiles a pattern in RE2 syntax. Backreferences and lookaround are
 * refused by name: no linear-time engine can run them.
 */
export function compileLinearRegex(source: string, flags: RegexFlags = {}): LinearRegex {
  const unsupported = findUnsupported(source);
  if (unsupported) {
    refuse(
      source,
      `${unsupported.construct} at offset ${unsupported.offset} is not supported: patterns run on a linear-time ` +
        `engine (RE2 syntax), which has no backreferences, lookaround or possessive/atomic groups, ` +
        `so that no pattern can make a search take exponential time`,
    );
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(
      source,
      (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.dotAll ? RE2JS.DOTALL : 0) |
        (flags.multiline ? RE2JS.MULTILINE : 0),
    );
  } catch (error) {
    refuse(source, `${error instanceof Error ? error.message : String(error)} (RE2 syntax)`);
  }
  const re2 = compiled.re2() as unknown as Engine & { numberOfInstructions(): number };
  return new LinearRegex(source, re2, compiled.groupCount(), Math.max(1, re2.numberOfInstructions()));
}
