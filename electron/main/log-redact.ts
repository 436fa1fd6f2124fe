/**
 * Error text made fit for main.log. Messages can quote what an archive holds
 * (environment strings, memory bytes, file contents) or the host's
 * environment; the log keeps the shape of the problem and drops the values.
 */
const ENV_PAIR = /\b([A-Za-z_][A-Za-z0-9_]{0,63})=("[^"]*"|'[^']*'|[^\s,;'"]+)/g;
/** Spaced hex bytes, as a hex view prints them. */
const HEX_BYTES = /\b(?:[0-9a-fA-F]{2}[ :]){7,}[0-9a-fA-F]{2}\b/g;
/** Secrets, hashes, base64 and hex dumps: long runs without spaces. */
const LONG_TOKEN = /[A-Za-z0-9+/=_-]{24,}/g;
// eslint-disable-next-line no-control-regex -- control bytes are what this strips
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const MAX_MESSAGE = 500;

export function redact(text: string): string {
  const clipped = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
  return clipped
    .replace(CONTROL, '?')
    .replace(ENV_PAIR, (_match, key: string) => `${key}=[redacted]`)
    .replace(HEX_BYTES, '[bytes]')
    .replace(LONG_TOKEN, '[redacted]');
}

/** Only the stack's frame lines: they name our code, never data (the message above them may). */
export function stackFrames(stack: string | undefined): string[] {
  return (stack ?? '').split('\n').filter((line) => /^\s+at\s/.test(line));
}
