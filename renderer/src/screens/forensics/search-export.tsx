import { FileDown } from 'lucide-react';
import type { MemoryMatch, SearchKind, SearchSummary } from '../../../../shared/dto';
import { hitsCsv, patternList } from '../../../../shared/search-hits';
import { downloadBlob } from '../../lib/download';

interface Props {
  matches: MemoryMatch[];
  patterns: readonly { kind: SearchKind; query: string }[];
  summary: SearchSummary;
}

/** The hits listed, as CSV or JSON: the same columns and keys as `memparse --search --format csv|json`. */
export function SearchExport({ matches, patterns, summary }: Props) {
  return (
    <div className="toolbar">
      <button
        type="button"
        className="btn small"
        data-testid="search-export-csv"
        disabled={matches.length === 0}
        onClick={() => downloadBlob([hitsCsv(matches, patterns)], 'memory-search.csv', 'text/csv')}
      >
        <FileDown size={12} aria-hidden /> CSV
      </button>
      <button
        type="button"
        className="btn small"
        data-testid="search-export-json"
        disabled={matches.length === 0}
        onClick={() =>
          downloadBlob(
            [`${JSON.stringify({ summary, patterns: patternList(patterns), matches }, null, 2)}\n`],
            'memory-search.json',
            'application/json',
          )
        }
      >
        <FileDown size={12} aria-hidden /> JSON
      </button>
      {summary.matchCount > matches.length && (
        <span className="muted">the export holds the {matches.length.toLocaleString()} hits listed</span>
      )}
    </div>
  );
}
