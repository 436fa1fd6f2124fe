import type { ReactNode } from 'react';
import { asciiOf, hexByte } from '../../lib/bytes';
import { BYTES_PER_ROW } from './hex-layout';
import type { Chunk } from './chunk-cache';

interface Props {
  address: number;
  segStart: number;
  segEnd: number;
  chunk: Chunk | null;
  failed: boolean;
  addressWidth: number;
  highlight: number | null;
}

/** One row: address, 16 bytes in hex, the same bytes as ASCII. Absent pages are dimmed. */
export function HexRow({ address, segStart, segEnd, chunk, failed, addressWidth, highlight }: Props) {
  const hex: ReactNode[] = [];
  let ascii = '';
  for (let i = 0; i < BYTES_PER_ROW; i++) {
    const at = address + i;
    if (at < segStart || at >= segEnd) {
      hex.push(
        <span key={i} className="hx-b hx-out">
          {'  '}
        </span>,
      );
      ascii += ' ';
      continue;
    }
    const offset = chunk ? at - chunk.start : -1;
    const byte = chunk && offset >= 0 && offset < chunk.bytes.length ? (chunk.bytes[offset] as number) : null;
    const absent = chunk?.present ? chunk.present[Math.floor(offset / 4096)] === false : false;
    const cls = `hx-b${byte === null ? ' hx-pending' : ''}${absent ? ' hx-absent' : ''}${at === highlight ? ' hx-hit' : ''}`;
    hex.push(
      <span key={i} className={cls}>
        {byte === null ? (failed ? '!!' : '··') : hexByte(byte)}
      </span>,
    );
    ascii += byte === null ? ' ' : asciiOf(byte);
  }
  const label = '0x' + address.toString(16).padStart(addressWidth, '0');
  return (
    <div className="hx-row" data-testid={`hex-row-0x${address.toString(16)}`}>
      <span className="hx-addr">{label}</span>
      <span className="hx-hex" data-testid="hex-bytes">
        {hex}
      </span>
      <span className="hx-ascii">{ascii}</span>
    </div>
  );
}
