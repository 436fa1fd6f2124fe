/**
 * The input re2js's engines read, over a window of a latin1 string (one
 * char per byte). re2js's own inputs take the window's edges for the edges
 * of the text; this one answers `^`, `$` and `\b` from the bytes around the
 * window, so a search can stop short of the end of a chunk without seeing a
 * false end there. Written against re2js 2.10.0's internal input protocol
 * (MachineUTF16Input), which is why that version is pinned exactly; the
 * engine's unit and fuzz tests catch a change in it.
 */

const EOF = -8;
/** Stands for "some byte, not the end" where a chunk is cut mid-run; it matches no byte class. */
const BEYOND = 0x10ffff;
const EMPTY_BEGIN_LINE = 1;
const EMPTY_END_LINE = 2;
const EMPTY_BEGIN_TEXT = 4;
const EMPTY_END_TEXT = 8;
const EMPTY_WORD_BOUNDARY = 16;
const EMPTY_NO_WORD_BOUNDARY = 32;

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** The empty-width assertions that hold between r1 and r2 (-1: the edge of the text). */
function emptyOpContext(r1: number, r2: number): number {
  let op = 0;
  if (r1 < 0) op |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  if (r1 === 0x0a) op |= EMPTY_BEGIN_LINE;
  if (r2 < 0) op |= EMPTY_END_TEXT | EMPTY_END_LINE;
  if (r2 === 0x0a) op |= EMPTY_END_LINE;
  op |= isWordChar(r1) === isWordChar(r2) ? EMPTY_NO_WORD_BOUNDARY : EMPTY_WORD_BOUNDARY;
  return op;
}

interface Prefilter {
  str: string;
  automaton16(): { searchUTF16(text: string, from: number, end: number): boolean };
}

export interface WindowBounds {
  /** First char the engine may read (positions it reports are relative to this). */
  start: number;
  /** The engine reads no char at or after this. */
  end: number;
  /** Where the text really ends; at `end` < `textEnd` no `$` holds. */
  textEnd: number;
  /** Whether textEnd is the end of the bytes (else more bytes follow that this text does not hold). */
  final: boolean;
  /** Read this position as a char that matches nothing (the DFA takes its input's end for the end of text). */
  fence?: number;
}

export class WindowInput {
  readonly start: number;
  readonly end: number;
  private readonly textEnd: number;
  private readonly final: boolean;
  private readonly fence: number;
  constructor(
    private readonly charSequence: string,
    bounds: WindowBounds,
  ) {
    this.start = bounds.start;
    this.end = bounds.end;
    this.textEnd = bounds.textEnd;
    this.final = bounds.final;
    this.fence = bounds.fence ?? -1;
  }
  canCheckPrefix(): boolean {
    return true;
  }
  endPos(): number {
    return this.end - this.start;
  }
  isUTF8Encoding(): boolean {
    return false;
  }
  isUTF16Encoding(): boolean {
    return true;
  }
  hasString(prefilter: Prefilter, pos: number): boolean {
    const idx = this.charSequence.indexOf(prefilter.str, this.start + pos);
    return idx !== -1 && idx <= this.end - prefilter.str.length;
  }
  hasAnyString(prefilter: Prefilter, pos: number): boolean {
    return prefilter.automaton16().searchUTF16(this.charSequence, this.start + pos, this.end);
  }
  step(pos: number): number {
    const at = pos + this.start;
    if (at >= this.end) return EOF;
    if (at === this.fence) return (BEYOND << 3) | 1;
    return (this.charSequence.charCodeAt(at) << 3) | 1;
  }
  index(re2: { prefix: string }, pos: number): number {
    const from = pos + this.start;
    const i = this.charSequence.indexOf(re2.prefix, from);
    if (i < 0 || i > this.end - re2.prefix.length) return -1;
    return i - from;
  }
  context(pos: number): number {
    const at = pos + this.start;
    const r1 = at > 0 ? this.charSequence.charCodeAt(at - 1) : -1;
    let r2: number;
    if (at < this.textEnd) r2 = at === this.fence ? BEYOND : this.charSequence.charCodeAt(at);
    else r2 = this.final ? -1 : BEYOND;
    return emptyOpContext(r1, r2);
  }
  prefixLength(re2: { prefix: string }): number {
    return re2.prefix.length;
  }
}
