/**
 * Beyond C0: DEL, C1, the line and paragraph separators, the bidi embeddings,
 * overrides and isolates (a regex class body). JSON.stringify leaves these raw;
 * the CLI's text and JSON writers build their classes from this one.
 */
export const UNSAFE_BEYOND_C0 = '\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u001f${UNSAFE_BEYOND_C0}]`, 'g');

/**
 * Control characters (C0, DEL, C1) and the bidi/line separators shown as
 * visible escapes. Names, paths, values and messages come from archives
 * nobody vetted: printed to a terminal or a host's log they must not retitle,
 * clear or fake it. Every archive-controlled string a host prints goes
 * through this one function.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
