const ROW = 16;
/** "00 ".."ff ", and each byte as the ASCII column shows it. */
const HEX = Array.from({ length: 256 }, (_, b) => `${b.toString(16).padStart(2, '0')} `);
const ASCII = Array.from({ length: 256 }, (_, b) => (b < 32 || b >= 127 ? '.' : String.fromCharCode(b)));

function row(bytes: Uint8Array): { hex: string; ascii: string } {
  let hex = '';
  let ascii = '';
  for (const b of bytes) {
    hex += HEX[b];
    ascii += ASCII[b];
  }
  return { hex, ascii };
}

export const HEXDUMP_HEADER =
  'Address           Hexadecimal                                       ASCII            \n' +
  '-------------------------------------------------------------------------------------\n';

/** What folds rows across calls: the previous row's bytes (as hex) and whether a `*` was written for it. */
export interface HexdumpState {
  prev: string | null;
  dup: boolean;
}

/**
 * Rows as checkpointctl memparse prints them: `%016x  HEX |ASCII|`. With
 * `compact`, a run of rows with the same bytes as the one before prints one
 * `*` (compared by bytes: rows that only look alike in the ASCII column are
 * different rows). `state` carries the previous row across calls, so a long
 * dump can be written chunk by chunk.
 */
export function hexdumpRows(data: Uint8Array, address: number, compact: boolean, state: HexdumpState): string {
  let out = '';
  for (let at = 0; at < data.length; at += ROW) {
    const { hex, ascii } = row(data.subarray(at, at + ROW));
    if (compact && state.prev === hex) {
      if (!state.dup) out += '*\n';
      state.dup = true;
    } else {
      out += `${(address + at).toString(16).padStart(16, '0')}  ${hex} |${ascii}|\n`;
      state.dup = false;
    }
    state.prev = hex;
  }
  return out;
}
