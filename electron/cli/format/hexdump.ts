const ROW = 16;

function row(bytes: Uint8Array): { hex: string; ascii: string } {
  let hex = '';
  let ascii = '';
  for (const b of bytes) {
    hex += `${b.toString(16).padStart(2, '0')} `;
    ascii += b < 32 || b >= 127 ? '.' : String.fromCharCode(b);
  }
  return { hex, ascii };
}

export const HEXDUMP_HEADER =
  'Address           Hexadecimal                                       ASCII            \n' +
  '-------------------------------------------------------------------------------------\n';

/**
 * Rows as checkpointctl memparse prints them: `%016x  HEX |ASCII|`. With
 * `compact`, a run of rows equal to the one before prints one `*`.
 * `state.prev` carries the previous row across calls.
 */
export function hexdumpRows(
  data: Uint8Array,
  address: number,
  compact: boolean,
  state: { prev: string | null; dup: boolean },
): string {
  let out = '';
  for (let at = 0; at < data.length; at += ROW) {
    const { hex, ascii } = row(data.subarray(at, at + ROW));
    const addr = (address + at).toString(16).padStart(16, '0');
    if (compact && state.prev === ascii) {
      if (!state.dup) out += '*\n';
      state.dup = true;
    } else {
      out += `${addr}  ${hex} |${ascii}|\n`;
      state.dup = false;
    }
    state.prev = ascii;
  }
  return out;
}
