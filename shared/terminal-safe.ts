/**
 * Control characters (C0, DEL, C1) and the bidi/line separators shown as
 * visible escapes. Names, paths, values and messages come from archives
 * nobody vetted: printed to a terminal or a host's log they must not retitle,
 * clear or fake it. Every archive-controlled string a host prints goes
 * through this one function.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
