/** The forms a hex selection is copied in. */
export type CopyForm = 'hex' | 'text' | 'c' | 'base64';

export const COPY_FORMS: readonly { form: CopyForm; label: string }[] = [
  { form: 'hex', label: 'Hex' },
  { form: 'text', label: 'Text' },
  { form: 'c', label: 'C array' },
  { form: 'base64', label: 'Base64' },
];

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/** Bytes as text in one of the copy forms: spaced hex, printable text, a C array of 12 bytes a line, or base64. */
export function formatBytesAs(bytes: Uint8Array, form: CopyForm, address: number): string {
  if (form === 'hex') return Array.from(bytes, hex2).join(' ');
  // As the ASCII column shows them: an unprintable byte is a dot.
  if (form === 'text')
    return Array.from(bytes, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
  if (form === 'base64') {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
    return btoa(binary);
  }
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12)
    lines.push(
      '  ' +
        Array.from(bytes.subarray(i, i + 12), (b) => `0x${hex2(b)}`).join(', ') +
        (i + 12 < bytes.length ? ',' : ''),
    );
  return `/* 0x${address.toString(16)}, ${bytes.length} bytes */\nunsigned char data_${address.toString(16)}[${bytes.length}] = {\n${lines.join('\n')}\n};\n`;
}
