import type { MemoryMatch, SearchKind } from './dto/forensics';
import { csvField as field } from './table-export';

/**
 * The hits of a memory search as files an analyst keeps (CSV, JSON): one
 * form for the CLI (`memparse --search --format csv|json`) and the GUI's
 * export, so both give the same columns.
 */
export interface PatternRef {
  index: number;
  kind: SearchKind;
  query: string;
}

export function patternList(patterns: readonly { kind: SearchKind; query: string }[]): PatternRef[] {
  return patterns.map((p, index) => ({ index, kind: p.kind, query: p.query }));
}

export const HITS_CSV_COLUMNS = [
  'pid',
  'process',
  'address',
  'length',
  'pattern',
  'pattern_kind',
  'pattern_query',
  'encoding',
  'vma_start',
  'vma_end',
  'vma_prot',
  'vma_file',
  'match_hex',
  'match_text',
  'context_address',
  'context_hex',
] as const;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The match's own bytes (without the context) as hex. */
export function matchHex(m: MemoryMatch): string {
  const from = (m.address - m.contextAddress) * 2;
  return m.context.slice(from, from + m.length * 2);
}

/** Bytes as text: printable ASCII as it is, every other byte as '.'. */
function printable(hexText: string): string {
  let out = '';
  for (let i = 0; i + 1 < hexText.length; i += 2) {
    const b = parseInt(hexText.slice(i, i + 2), 16);
    out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
  }
  return out;
}

/** The hits as CSV; `text` maps each string from the archive or the user (a terminal needs terminalSafe). */
export function hitsCsv(
  matches: readonly MemoryMatch[],
  patterns: readonly { kind: SearchKind; query: string }[],
  text: (s: string) => string = (s) => s,
): string {
  const lines = [HITS_CSV_COLUMNS.join(',')];
  for (const m of matches) {
    const p = patterns[m.pattern ?? 0];
    const bytes = matchHex(m);
    lines.push(
      [
        m.pid,
        m.comm,
        hex(m.address),
        m.length,
        m.pattern ?? 0,
        p?.kind ?? null,
        p?.query ?? null,
        m.encoding,
        m.vma ? hex(m.vma.start) : null,
        m.vma ? hex(m.vma.end) : null,
        m.vma?.prot ?? null,
        m.vma?.file ?? null,
        bytes,
        printable(bytes),
        hex(m.contextAddress),
        m.context,
      ]
        .map((v) => field(typeof v === 'string' ? text(v) : v))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
