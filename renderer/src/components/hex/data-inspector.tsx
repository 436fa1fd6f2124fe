import { useEffect, useState } from 'react';
import { hexAddress } from '../../lib/format';
import type { ChunkFetcher } from './chunk-cache';
import { INSPECT_BYTES, inspectBytes } from './data-inspector-model';
import { readSelection } from './hex-selection';

interface Props {
  /** The byte at the cursor (the selection's start). */
  cursor: number;
  segment: { start: number; end: number };
  fetchChunk: ChunkFetcher;
}

const PAGE = 4096;

type Read = { bytes: Uint8Array } | { error: string } | null;

/** The bytes at the cursor as u8…u64, i8…i64, f32, f64, a pointer and a string, in either byte order. */
export function DataInspector({ cursor, segment, fetchChunk }: Props) {
  const [littleEndian, setLittleEndian] = useState(true);
  const [read, setRead] = useState<Read>(null);
  useEffect(() => {
    let live = true;
    setRead(null);
    // Bytes not in the checkpoint have no value: readSelection refuses them rather than reading zeros.
    const end = Math.min(segment.end, cursor + INSPECT_BYTES);
    // The next page may be missing while the cursor's is not: then what fits in the cursor's page.
    const pageEnd = Math.min(end, cursor - (cursor % PAGE) + PAGE);
    readSelection(cursor, end, segment, fetchChunk, 'inspected')
      .catch(() => readSelection(cursor, pageEnd, segment, fetchChunk, 'inspected'))
      .then(
        (bytes) => live && setRead({ bytes }),
        (error: unknown) => live && setRead({ error: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      live = false;
    };
  }, [cursor, segment, fetchChunk]);
  return (
    <aside className="hx-inspector" data-testid="hex-inspector" aria-label="Data inspector">
      <div className="toolbar">
        <span className="mono">at {hexAddress(cursor)}</span>
        <label>
          <input
            type="checkbox"
            checked={!littleEndian}
            onChange={(e) => setLittleEndian(!e.target.checked)}
            data-testid="hex-inspector-big-endian"
          />{' '}
          Big endian
        </label>
      </div>
      {read === null ? (
        <p className="muted">Reading…</p>
      ) : 'error' in read ? (
        <p className="field-error" role="alert" data-testid="hex-inspector-error">
          {read.error}
        </p>
      ) : (
        <table className="hx-inspector-table">
          <tbody>
            {inspectBytes(read.bytes, littleEndian).map(({ type, value }) => (
              <tr key={type} data-testid={`hex-inspect-${type}`}>
                <th scope="row">{type}</th>
                <td className="mono">{value ?? <span className="muted">past the end of the region</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
