import type { MatchEncoding, SearchKind } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';

export const MAX_PATTERN_BYTES = 4096;
/** Regex matches are found whole when at most this long (the overlap between chunks). */
export const DEFAULT_MAX_REGEX_MATCH = 1024;

export interface PatternSpec {
  kind: SearchKind;
  query: string;
  ignoreCase?: boolean;
  /** Text: look for the UTF-16LE form as well. */
  utf16?: boolean;
  maxMatchLength?: number;
}

export interface RawMatch {
  index: number;
  length: number;
  encoding: MatchEncoding;
  /** Set by matchers that tell their hits apart (findings: the rule id and the captured value). */
  label?: string;
  value?: string;
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

function escapeLatin1(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** Case-insensitive ASCII letter classes; other bytes exact. */
function caselessSource(bytes: Buffer, utf16: boolean): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    out += /[a-z]/i.test(c) && b < 0x80 ? `[${lower}${upper}]` : `\\x${b.toString(16).padStart(2, '0')}`;
    if (utf16) out += '\\x00';
  }
  return out;
}

class LiteralMatcher implements Matcher {
  readonly maxLength: number;
  constructor(private readonly needles: readonly { bytes: Buffer; encoding: MatchEncoding }[]) {
    this.maxLength = Math.max(...needles.map((n) => n.bytes.length));
  }
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    const found: RawMatch[] = [];
    for (const { bytes, encoding } of this.needles) {
      for (let i = chunk.indexOf(bytes, 0); i >= 0 && i < ownedEnd; i = chunk.indexOf(bytes, i + 1)) {
        found.push({ index: i, length: bytes.length, encoding });
      }
    }
    if (this.needles.length > 1) found.sort((a, b) => a.index - b.index);
    for (const m of found) if (!emit(m)) return;
  }
}

class RegexMatcher implements Matcher {
  constructor(
    private readonly regexes: readonly { re: RegExp; encoding: MatchEncoding }[],
    readonly maxLength: number,
  ) {}
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    // latin1 maps each byte to one char, so string indexes are byte offsets.
    const text = chunk.toString('latin1');
    const found: RawMatch[] = [];
    for (const { re, encoding } of this.regexes) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null && m.index < ownedEnd; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex = m.index + 1;
          continue;
        }
        found.push({ index: m.index, length: m[0].length, encoding });
      }
    }
    if (this.regexes.length > 1) found.sort((a, b) => a.index - b.index);
    for (const m of found) if (!emit(m)) return;
  }
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
    let re: RegExp;
    try {
      re = new RegExp(spec.query, spec.ignoreCase ? 'gi' : 'g');
    } catch (error) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `not a regular expression: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const max = Math.min(Math.max(spec.maxMatchLength ?? DEFAULT_MAX_REGEX_MATCH, 1), 64 * 1024);
    return new RegexMatcher([{ re, encoding: 'regex' }], max);
  }
  const ascii = Buffer.from(spec.query, 'utf8');
  const wide = Buffer.from(spec.query, 'utf16le');
  if (wide.length > MAX_PATTERN_BYTES)
    throw new AppError('LIMIT_EXCEEDED', `patterns are limited to ${MAX_PATTERN_BYTES} bytes`);
  if (!spec.ignoreCase) {
    const needles: { bytes: Buffer; encoding: MatchEncoding }[] = [{ bytes: ascii, encoding: 'ascii' }];
    if (spec.utf16) needles.push({ bytes: wide, encoding: 'utf16le' });
    return new LiteralMatcher(needles);
  }
  const regexes: { re: RegExp; encoding: MatchEncoding }[] = [
    { re: new RegExp(caselessSource(ascii, false), 'g'), encoding: 'ascii' },
  ];
  // UTF-16LE caseless: only for text whose UTF-16 form is its bytes interleaved with NULs (Latin-1).
  if (spec.utf16) {
    const latin = [...spec.query].every((c) => c.charCodeAt(0) <= 0xff);
    regexes.push({
      re: new RegExp(latin ? caselessSource(Buffer.from(spec.query, 'latin1'), true) : escapeLatin1(wide), 'g'),
      encoding: 'utf16le',
    });
  }
  return new RegexMatcher(regexes, Math.max(ascii.length, wide.length));
}
