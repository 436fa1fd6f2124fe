import { UNSAFE_BEYOND_C0 } from '../../../shared/terminal-safe';

/**
 * Characters JSON.stringify leaves raw that a terminal acts on or that
 * reorder or break lines when shown: DEL and C1, the line and paragraph
 * separators, the bidi embeddings, overrides and isolates. (C0 it escapes
 * already.) Outside strings JSON.stringify writes only ASCII, so each of
 * these is inside a string, where its \u escape is the same character.
 */
const JSON_UNSAFE = new RegExp(`[${UNSAFE_BEYOND_C0}]`, 'g');

/** JSON.stringify for every JSON the CLI prints: the same values after JSON.parse, no raw control on the wire. */
export function jsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent) as string | undefined;
  return (text ?? 'null').replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
