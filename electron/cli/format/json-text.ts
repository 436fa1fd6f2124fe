import { randomBytes } from 'node:crypto';
import { UNSAFE_BEYOND_C0 } from '../../../shared/terminal-safe';

/**
 * Characters JSON.stringify leaves raw that a terminal acts on or that
 * reorder or break lines when shown: DEL and C1, the line and paragraph
 * separators, the bidi embeddings, overrides and isolates. (C0 it escapes
 * already.) Outside strings JSON.stringify writes only ASCII, so each of
 * these is inside a string, where its \u escape is the same character.
 */
const JSON_UNSAFE = new RegExp(`[${UNSAFE_BEYOND_C0}]`, 'g');

/**
 * JSON.stringify for every JSON the CLI prints: the same values after
 * JSON.parse, no raw control on the wire. A bigint is written as a JSON
 * number with its exact digits (`18446744073692774399`, as crit writes a
 * uint64), where JSON.stringify would throw.
 */
export function jsonText(value: unknown, indent?: number): string {
  let marker: string | undefined;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      // A string no value holds (a fresh random tag), swapped for the digits afterwards.
      marker ??= `\u0001bigint-${randomBytes(12).toString('hex')}:`;
      return `${marker}${v.toString()}`;
    },
    indent,
  ) as string | undefined;
  const exact =
    marker === undefined
      ? (text ?? 'null')
      : (text ?? 'null').replace(new RegExp(`"\\\\u0001${marker.slice(1)}(-?\\d+)"`, 'g'), '$1');
  return exact.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
