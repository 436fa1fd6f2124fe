import type { ReactNode } from 'react';
import { asciiOf, hexByte } from '../../lib/bytes';
import { BYTES_PER_ROW } from './hex-layout';
import type { Chunk } from './chunk-cache';

/** [start, end) of bytes marked in the rows. */
export interface ByteSpan {
  start: number;
  end: number;
}

interface Props {
  address: number;
  segStart: number;
  segEnd: number;
  chunk: Chunk | null;
  failed: boolean;
  addressWidth: number;
  /** The bytes of a search match (all of them, not only the first). */
  highlight: ByteSpan | null;
  selection: ByteSpan | null;
  /** Bookmarked ranges that touch this row. */
  marks: readonly ByteSpan[];
}

const within = (span: ByteSpan | null, at: number) => span !== null && at >= span.start && at < span.end;

/**
 * One row: address, 16 bytes in hex, the same bytes as ASCII. A byte of a
 * page not in the checkpoint is `??` (its value is unknown: CRIU did not dump
 * it), never the zero the reader fills in. Each byte carries its address
 * (data-a) for selecting with the mouse.
 */
export function HexRow({ address, segStart, segEnd, chunk, failed, addressWidth, highlight, selection, marks }: Props) {
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
    const cls =
      `hx-b${byte === null ? ' hx-pending' : ''}${absent ? ' hx-absent' : ''}` +
      `${within(highlight, at) ? ' hx-hit' : ''}${within(selection, at) ? ' hx-sel' : ''}` +
      `${marks.some((m) => within(m, at)) ? ' hx-bm' : ''}`;
    hex.push(
      <span key={i} className={cls} data-a={at}>
        {byte === null ? (failed ? '!!' : '··') : absent ? '??' : hexByte(byte)}
      </span>,
    );
    ascii += byte === null ? ' ' : absent ? '?' : asciiOf(byte);
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
