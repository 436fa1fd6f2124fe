import type { MatchEncoding, SearchKind } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';
import { MAX_REGEX_WORK } from '../limits';
import { compileLinearRegex, type LinearRegex, type RegexWork } from './linear-regex';

export const MAX_PATTERN_BYTES = 4096;
/** Regex matches are found whole when at most this long (the overlap between chunks). */
export const DEFAULT_MAX_REGEX_MATCH = 1024;
/** The largest maxMatchLength a search may ask for. */
export const MAX_REGEX_MATCH = 64 * 1024;

export interface PatternSpec {
  kind: SearchKind;
  query: string;
  ignoreCase?: boolean;
  /** Text: look for the UTF-16LE form as well. */
  utf16?: boolean;
  maxMatchLength?: number;
  /** Regex: match over the bytes as checkpointctl memparse does, every byte outside 0x20..0x7e read as '?' (so `HOME=([^?]+)` stops at the NUL). */
  printableOnly?: boolean;
}

export interface RawMatch {
  index: number;
  length: number;
  encoding: MatchEncoding;
  /** Set by matchers that tell their hits apart (findings: the rule id and the captured value). */
  label?: string;
  value?: string;
  /** Which of a several-pattern search's patterns matched (its index). */
  pattern?: number;
}

/**
 * Finds matches in one chunk. Only matches starting before `ownedEnd` are
 * reported: the bytes after it are the overlap the next chunk starts with.
 */
export interface Matcher {
  /** Longest match found whole; chunks overlap by this minus one. */
  readonly maxLength: number;
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void;
}

export function parseHex(text: string): Buffer {
  const digits = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (digits.length === 0 || digits.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw new AppError('INVALID_ARGUMENT', `not hex bytes: ${text.slice(0, 80)}`);
  }
  return Buffer.from(digits, 'hex');
}

/** ASCII letters folded to lower case, every other byte as it is (the caseless text search's rule). */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

function foldAscii(bytes: Buffer, into?: Buffer): Buffer {
  const out = into && into.length >= bytes.length ? into.subarray(0, bytes.length) : Buffer.allocUnsafe(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = FOLD[bytes[i]!]!;
  return out;
}

interface Needle {
  bytes: Buffer;
  encoding: MatchEncoding;
  /** Compared with ASCII letters folded (the needle is stored folded). */
  caseless?: boolean;
}

/**
 * Every occurrence of the needles (overlapping ones too), in order, by
 * Buffer.indexOf. Caseless needles are looked for in the chunk folded once
 * into a scratch buffer, so the work stays linear (a regex of one letter
 * class per char compares the whole needle again at every byte).
 */
class LiteralMatcher implements Matcher {
  readonly maxLength: number;
  private scratch: Buffer | undefined;
  private readonly needles: readonly Needle[];
  constructor(needles: readonly Needle[]) {
    this.needles = needles.map((n) => (n.caseless ? { ...n, bytes: foldAscii(n.bytes) } : n));
    this.maxLength = Math.max(...needles.map((n) => n.bytes.length));
  }
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    let folded: Buffer | undefined;
    if (this.needles.some((n) => n.caseless)) folded = this.scratch = foldAscii(chunk, this.scratch);
    const hays = this.needles.map((n) => (n.caseless && folded ? folded : chunk));
    // Merge the needles' hits by position, taking each next hit only when it is due.
    const next = this.needles.map((n, j) => hays[j]!.indexOf(n.bytes, 0));
    for (;;) {
      let k = -1;
      for (let j = 0; j < next.length; j++) if (next[j]! >= 0 && (k < 0 || next[j]! < next[k]!)) k = j;
      if (k < 0 || next[k]! >= ownedEnd) return;
      const { bytes, encoding } = this.needles[k]!;
      const index = next[k]!;
      if (!emit({ index, length: bytes.length, encoding })) return;
      next[k] = hays[k]!.indexOf(bytes, index + 1);
    }
  }
}

class RegexMatcher implements Matcher {
  /** One budget for the whole search: every chunk draws on it. */
  private readonly work: RegexWork = { left: MAX_REGEX_WORK, limit: MAX_REGEX_WORK, limitName: 'MAX_REGEX_WORK' };
  constructor(
    private readonly regex: LinearRegex,
    readonly maxLength: number,
    private readonly printableOnly: boolean,
  ) {}
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    // latin1 maps each byte to one char, so string indexes are byte offsets (and stay so with '?' for a byte).
    const latin = chunk.toString('latin1');
    const text = this.printableOnly ? latin.replace(/[^\x20-\x7e]/g, '?') : latin;
    // A chunk that owns all its bytes is the last of its run: its end is the end of those bytes.
    const final = ownedEnd >= chunk.length;
    this.regex.forEachMatch(text, { until: ownedEnd, maxLength: this.maxLength, final, work: this.work }, (m) =>
      emit({ index: m.start, length: m.end - m.start, encoding: 'regex' }),
    );
  }
}

/** Most patterns in one search. */
export const MAX_PATTERNS = 16;

/**
 * Several matchers over the same chunk, each hit tagged with its pattern's
 * index and all hits emitted in address order (the chunks overlap by the
 * longest pattern's reach, so each matcher still finds its hits whole).
 */
class ManyMatcher implements Matcher {
  readonly maxLength: number;
  constructor(private readonly matchers: readonly Matcher[]) {
    this.maxLength = Math.max(...matchers.map((m) => m.maxLength));
  }
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    if (this.matchers.length === 1) {
      // One pattern: hits stream as found (a hit on every byte must not be collected first).
      this.matchers[0]!.find(chunk, ownedEnd, (hit) => emit({ ...hit, pattern: 0 }));
      return;
    }
    const hits: RawMatch[] = [];
    this.matchers.forEach((m, pattern) =>
      m.find(chunk, ownedEnd, (hit) => {
        hits.push({ ...hit, pattern });
        return true;
      }),
    );
    hits.sort((a, b) => a.index - b.index || a.pattern! - b.pattern!);
    for (const hit of hits) if (!emit(hit)) return;
  }
}

/** One matcher for several patterns (text, hex and regex mixed); each hit says which. */
export function compilePatterns(specs: readonly PatternSpec[]): Matcher {
  if (specs.length === 0) throw new AppError('INVALID_ARGUMENT', 'no search pattern given');
  if (specs.length > MAX_PATTERNS)
    throw new AppError('LIMIT_EXCEEDED', `a search takes at most ${MAX_PATTERNS} patterns, not ${specs.length}`);
  const matchers = specs.map((spec, i) => {
    try {
      return compilePattern(spec);
    } catch (error) {
      if (specs.length === 1 || !(error instanceof AppError)) throw error;
      throw new AppError(error.code, `pattern ${i + 1} (${spec.kind} ${spec.query.slice(0, 40)}): ${error.message}`);
    }
  });
  return new ManyMatcher(matchers);
}

/** Turns what the user typed into a matcher over raw memory bytes. */
export function compilePattern(spec: PatternSpec): Matcher {
  if (spec.query.length === 0) throw new AppError('INVALID_ARGUMENT', 'the search pattern is empty');
  if (spec.kind === 'hex') {
    const bytes = parseHex(spec.query);
    if (bytes.length > MAX_PATTERN_BYTES)
      throw new AppError('LIMIT_EXCEEDED', `patterns are limited to ${MAX_PATTERN_BYTES} bytes`);
    return new LiteralMatcher([{ bytes, encoding: 'bytes' }]);
  }
  if (spec.kind === 'regex') {
    if (spec.query.length > MAX_PATTERN_BYTES)
      throw new AppError('LIMIT_EXCEEDED', `patterns are limited to ${MAX_PATTERN_BYTES} characters`);
    const regex = compileLinearRegex(spec.query, { ignoreCase: spec.ignoreCase ?? false });
    const max = Math.min(Math.max(spec.maxMatchLength ?? DEFAULT_MAX_REGEX_MATCH, 1), MAX_REGEX_MATCH);
    return new RegexMatcher(regex, max, spec.printableOnly ?? false);
  }
  const ascii = Buffer.from(spec.query, 'utf8');
  const wide = Buffer.from(spec.query, 'utf16le');
  if (wide.length > MAX_PATTERN_BYTES)
    throw new AppError('LIMIT_EXCEEDED', `patterns are limited to ${MAX_PATTERN_BYTES} bytes`);
  const caseless = spec.ignoreCase ?? false;
  const needles: Needle[] = [{ bytes: ascii, encoding: 'ascii', caseless }];
  // UTF-16LE caseless only for Latin-1 text, whose UTF-16 form is its bytes interleaved with NULs.
  const latin = [...spec.query].every((c) => c.charCodeAt(0) <= 0xff);
  if (spec.utf16) needles.push({ bytes: wide, encoding: 'utf16le', caseless: caseless && latin });
  return new LiteralMatcher(needles);
}
