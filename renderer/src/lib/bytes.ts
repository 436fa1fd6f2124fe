/** Decodes the base64 of a BytesPage / MemoryRange without going through strings of HTML. */
export function fromBase64(data: string): Uint8Array {
  const binary = atob(data);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A heuristic as `file` uses: text when there is no NUL and few control bytes in the sample. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  let control = 0;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control += 1;
  }
  return control / n < 0.02;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** One printable ASCII character per byte for the hex viewer's right column. */
export function asciiOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

export function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
