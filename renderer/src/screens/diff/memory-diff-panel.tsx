import { useState } from 'react';
import type { MemoryDiff, MemoryDiffPage, MemoryDiffProcess, MemoryDiffVma } from '../../../../shared/dto';
import { hexAddress } from '../../lib/format';
import { PageHexPair } from './page-hex-pair';
import './memory-diff.css';

const MAX_PAGE_ROWS = 2000;
const SIGN = { added: '+', removed: '−', changed: '~', unread: '?' } as const;

function Counts({ c }: { c: { added: number; removed: number; changed: number; unread: number } }) {
  return (
    <span className="diff-counts">
      <span className="diff-changed">~{c.changed.toLocaleString()}</span>
      <span className="diff-added">+{c.added.toLocaleString()}</span>
      <span className="diff-removed">−{c.removed.toLocaleString()}</span>
      {c.unread > 0 && (
        <span className="muted" title="dumped on one side only, the other side's pagemap holds no bytes for it">
          ?{c.unread.toLocaleString()} unread
        </span>
      )}
    </span>
  );
}

function VmaRow({ v }: { v: MemoryDiffVma }) {
  const r = (v.b ?? v.a)!;
  return (
    <tr data-testid="memdiff-vma" data-match={v.match} data-start={r.start} data-changed={v.changed}>
      <td className="mono">
        {hexAddress(r.start)}–{hexAddress(r.end)}
      </td>
      <td className="mono">{r.prot}</td>
      <td className="mono">{r.file ?? '[anonymous]'}</td>
      <td>
        {v.match}
        {v.moved && <span className="muted"> ({v.moved})</span>}
      </td>
      <td>
        <Counts c={v} />
      </td>
    </tr>
  );
}

interface Props {
  pages: MemoryDiff;
  archiveIdA: string;
  archiveIdB: string;
}

/** The memory diff by page content: processes, then the VMAs and pages of the one picked, then a page side by side. */
export function MemoryDiffPanel({ pages, archiveIdA, archiveIdB }: Props) {
  const listed = pages.processes.filter((p) => p.added + p.removed + p.changed + p.unread > 0 || p.match !== 'both');
  const [pid, setPid] = useState<number | null>(null);
  const [page, setPage] = useState<MemoryDiffPage | null>(null);
  const proc: MemoryDiffProcess | undefined = listed.find((p) => p.pid === pid) ?? listed[0];
  return (
    <div className="memdiff" data-testid="memdiff-panel">
      <p className="muted" data-testid="memdiff-what">
        Compared by content: each {pages.pageSize / 1024} KiB page dumped in A and in B, byte for byte, a differing page
        named by its SHA-256 ({pages.same.toLocaleString()} page(s) the same). Processes are matched by pid and command
        line, VMAs by start, end and backing file.
      </p>
      {listed.length === 0 ? (
        <p className="muted" data-testid="memdiff-none">
          No page differs.
        </p>
      ) : (
        <ul className="diff-lines" data-testid="memdiff-processes">
          {listed.map((p) => (
            <li key={`${p.pid}:${p.match}`} className="diff-line">
              <button
                className={proc === p ? 'linklike selected' : 'linklike'}
                onClick={() => {
                  setPid(p.pid);
                  setPage(null);
                }}
                data-testid={`memdiff-process-${p.pid}`}
                data-changed={p.changed}
                data-added={p.added}
                data-removed={p.removed}
              >
                <span className="mono">
                  {p.pid} {p.comm}
                </span>
              </button>
              {p.match !== 'both' && <span className="muted">only in {p.match === 'added' ? 'B' : 'A'}</span>}
              {!p.complete && <span className="muted">(incomplete: see the problems)</span>}
              <Counts c={p} />
            </li>
          ))}
        </ul>
      )}
      {proc && (
        <>
          <table className="memdiff-vmas" data-testid="memdiff-vmas">
            <thead>
              <tr>
                <th>VMA</th>
                <th>Prot</th>
                <th>File</th>
                <th>Match</th>
                <th>Pages</th>
              </tr>
            </thead>
            <tbody>
              {proc.vmas.map((v, i) => (
                <VmaRow key={i} v={v} />
              ))}
            </tbody>
          </table>
          {proc.vmasSame > 0 && <p className="muted">{proc.vmasSame} other VMA(s) unchanged.</p>}
          <ul className="diff-lines memdiff-pages" data-testid="memdiff-pages">
            {proc.pages.slice(0, MAX_PAGE_ROWS).map((pg) => (
              <li key={pg.address} className={`diff-line diff-${pg.kind}`} data-mark={pg.kind}>
                <span className="diff-sign mono">{SIGN[pg.kind]}</span>
                <button
                  className={page?.address === pg.address ? 'linklike mono selected' : 'linklike mono'}
                  onClick={() => setPage(pg)}
                  data-testid="memdiff-page"
                  data-address={pg.address}
                >
                  {hexAddress(pg.address)}
                </button>
                <span className="muted mono">
                  {pg.hashA ?? (pg.unreadSide === 'a' ? '(unread)' : '(not dumped)')} →{' '}
                  {pg.hashB ?? (pg.unreadSide === 'b' ? '(unread)' : '(not dumped)')}
                </span>
              </li>
            ))}
            {proc.pages.length > MAX_PAGE_ROWS && (
              <li className="muted">and {(proc.pages.length - MAX_PAGE_ROWS).toLocaleString()} more</li>
            )}
            {proc.match !== 'both' && (
              <li className="muted">Every dumped page of a process only one side has is counted, not listed.</li>
            )}
          </ul>
          {page && (
            <PageHexPair
              archiveIdA={archiveIdA}
              archiveIdB={archiveIdB}
              pid={proc.pid}
              page={page}
              pageSize={pages.pageSize}
            />
          )}
        </>
      )}
      {pages.pagesNotListed > 0 && (
        <p className="muted">{pages.pagesNotListed.toLocaleString()} more differing page(s) counted, not listed.</p>
      )}
    </div>
  );
}
