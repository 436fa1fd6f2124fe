import type { RecoveredPreview } from '../../../shared/dto';
import { PREVIEW_BYTES } from './limits';

const HEX_LINE = 16;

/** Printable UTF-8 (tabs and newlines allowed) with no NUL: shown as text. */
function isText(bytes: Buffer): boolean {
  if (bytes.length === 0) return true;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0 || c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) bad++;
  }
  // A multi-byte character cut at the preview's end is not binary.
  return bad <= 1 && !text.includes('\0');
}

/** `offset  hex bytes  |ascii|` lines, as hexdump -C prints them. */
export function hexDump(bytes: Buffer, base = 0): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += HEX_LINE) {
    const row = bytes.subarray(at, at + HEX_LINE);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${(base + at).toString(16).padStart(8, '0')}  ${hex.padEnd(HEX_LINE * 3 - 1)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** The first PREVIEW_BYTES of an item (the caller reads at most that many) as text or hex. */
export function preview(head: Buffer, size: number): RecoveredPreview {
  const bytes = head.subarray(0, PREVIEW_BYTES);
  const truncated = size > bytes.length;
  if (isText(bytes)) return { encoding: 'text', text: new TextDecoder().decode(bytes), truncated };
  return { encoding: 'hex', text: hexDump(bytes), truncated };
}
