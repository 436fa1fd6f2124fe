import type { MemoryDiffPage } from '../../../../shared/dto';
import { QueryView } from '../../components/query-view';
import { fromBase64, hexByte, asciiOf } from '../../lib/bytes';
import { hexAddress } from '../../lib/format';
import { useQuery } from '../../lib/use-query';

const ROW = 16;

interface Props {
  archiveIdA: string;
  archiveIdB: string;
  pid: number;
  page: MemoryDiffPage;
  pageSize: number;
}

/** One side's bytes of the page, or null where that side has no dump of it. */
function usePage(archiveId: string, pid: number, page: MemoryDiffPage, pageSize: number, has: boolean) {
  return useQuery('inspect.readMemory', has ? { archiveId, pid, address: page.address, length: pageSize } : null);
}

function HexSide({ bytes, other, label }: { bytes: Uint8Array | null; other: Uint8Array | null; label: string }) {
  if (bytes === null)
    return (
      <div className="page-hex-side" data-testid="page-hex-missing">
        <strong>{label}</strong>
        <p className="muted">Not in this checkpoint's dump.</p>
      </div>
    );
  const rows = Array.from({ length: Math.ceil(bytes.length / ROW) }, (_, r) => r * ROW);
  return (
    <div className="page-hex-side" data-testid={`page-hex-${label.toLowerCase()}`}>
      <strong>{label}</strong>
      <pre className="mono page-hex">
        {rows.map((at) => (
          <div key={at} className="page-hex-row">
            <span className="muted">{hexAddress(at, 3)} </span>
            {Array.from(bytes.subarray(at, at + ROW), (b, i) => {
              // A byte is marked where the other side has the page and differs there.
              const changed = other !== null && other[at + i] !== b;
              return (
                <span key={i} className={changed ? 'page-hex-byte changed' : 'page-hex-byte'} data-changed={changed}>
                  {hexByte(b)}
                </span>
              );
            })}
            <span className="page-hex-ascii"> {Array.from(bytes.subarray(at, at + ROW), asciiOf).join('')}</span>
          </div>
        ))}
      </pre>
    </div>
  );
}

/** A differing page, A beside B, the bytes that differ marked. */
export function PageHexPair({ archiveIdA, archiveIdB, pid, page, pageSize }: Props) {
  const a = usePage(archiveIdA, pid, page, pageSize, page.hashA !== null);
  const b = usePage(archiveIdB, pid, page, pageSize, page.hashB !== null);
  const bytesA = a.data ? fromBase64(a.data.data) : null;
  const bytesB = b.data ? fromBase64(b.data.data) : null;
  const changed = bytesA && bytesB ? bytesA.reduce((n, x, i) => n + (x !== bytesB[i] ? 1 : 0), 0) : null;
  const pending = (page.hashA !== null && !a.data) || (page.hashB !== null && !b.data);
  return (
    <div className="page-hex-pair-box" data-testid="page-hex-pair" data-address={page.address}>
      <p>
        Page <span className="mono">{hexAddress(page.address)}</span> of pid {pid}: {page.kind}
        {changed !== null && (
          <span data-testid="page-hex-changed-count" data-count={changed}>
            {' '}
            · {changed.toLocaleString()} byte(s) differ
          </span>
        )}
      </p>
      {pending ? (
        <QueryView query={page.hashA !== null && !a.data ? a : b} what="the page">
          {() => null}
        </QueryView>
      ) : (
        <div className="page-hex-pair">
          <HexSide bytes={bytesA} other={bytesB} label="A" />
          <HexSide bytes={bytesB} other={bytesA} label="B" />
        </div>
      )}
    </div>
  );
}
