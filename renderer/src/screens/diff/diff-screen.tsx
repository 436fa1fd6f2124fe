import { GitCompare } from 'lucide-react';
import { useMemo, useState } from 'react';
import { QueryView } from '../../components/query-view';
import { useQuery } from '../../lib/use-query';
import { useOpenArchives } from '../../stores/archives-store';
import { DiffLines } from './diff-lines';
import { sectionsOf, totalOf, type DiffSection } from './diff-model';
import { DiffSides } from './diff-side';
import { DiffSummary } from './diff-summary';
import { ArchivePicker } from './archive-picker';
import { MemoryDiffPanel } from './memory-diff-panel';

/** Two open checkpoints compared: counts per part, then the differences of the part picked. */
export function DiffScreen() {
  const archives = useOpenArchives();
  const [a, setA] = useState<string | null>(archives[0]?.archiveId ?? null);
  const [b, setB] = useState<string | null>((archives[1] ?? archives[0])?.archiveId ?? null);
  const [pair, setPair] = useState<{ archiveIdA: string; archiveIdB: string } | null>(null);
  const [selected, setSelected] = useState<DiffSection['id'] | null>(null);
  const diff = useQuery('diff.compare', pair);
  const sections = useMemo(() => (diff.data ? sectionsOf(diff.data) : []), [diff.data]);
  const current = sections.find((s) => s.id === selected) ?? sections.find((s) => s.lines.length > 0) ?? null;

  return (
    <div className="column" data-testid="diff-screen">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (a && b) setPair({ archiveIdA: a, archiveIdB: b });
        }}
      >
        <ArchivePicker label="A" archives={archives} value={a} onChange={setA} testId="diff-pick-a" />
        <ArchivePicker label="B" archives={archives} value={b} onChange={setB} testId="diff-pick-b" />
        <button className="btn primary" type="submit" disabled={!a || !b} data-testid="diff-compare">
          <GitCompare size={14} aria-hidden /> Compare
        </button>
        {archives.length < 2 && <span className="muted">Open a second checkpoint to compare two.</span>}
      </form>
      {pair === null ? (
        <p className="muted scroll-pane">Pick two open checkpoints and compare them.</p>
      ) : (
        <QueryView query={diff} what="the differences">
          {(d) => (
            <div className="scroll-pane">
              <DiffSides diff={d} />
              <p data-testid="diff-total" data-total={totalOf(sections)}>
                {totalOf(sections) === 0 ? 'No changes.' : `${totalOf(sections).toLocaleString()} difference(s).`}
              </p>
              <DiffSummary sections={sections} selected={current?.id ?? null} onSelect={setSelected} />
              {current?.id === 'memory' && pair ? (
                <MemoryDiffPanel pages={d.pages} archiveIdA={pair.archiveIdA} archiveIdB={pair.archiveIdB} />
              ) : (
                current && <DiffLines section={current} />
              )}
              {d.problems.map((p, i) => (
                <p key={i} className="muted" data-testid="diff-problem">
                  {p.side === 'a' ? d.a.fileName : d.b.fileName} ({p.side.toUpperCase()}) could not be read:{' '}
                  <span className="mono">{p.where}</span>
                  {p.pid !== undefined && ` pid ${p.pid}`}: <code>{p.code}</code> {p.message}
                </p>
              ))}
            </div>
          )}
        </QueryView>
      )}
    </div>
  );
}
