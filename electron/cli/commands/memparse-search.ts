import { SEARCH_CONTEXT_BYTES } from '../../app/defaults';
import type { MemoryMatch } from '../../../shared/dto/forensics';
import { CliUsageError, EXIT } from '../exit-codes';
import { write, writeError } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';
import { ProblemLog } from '../format/problems';
import { sessionSource } from '../../inspect/search/memory-source';
import { searchMemory, MAX_MATCHES } from '../../inspect/search/search-memory';
import type { PatternSpec } from '../../inspect/search/pattern';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';

/** memparse's search options, spread into its parseArgs options. */
export const SEARCH_OPTIONS = {
  search: { type: 'string' },
  'search-regex': { type: 'string' },
  'search-hex': { type: 'string' },
  'ignore-case': { type: 'boolean', short: 'i' },
  utf16: { type: 'boolean' },
  context: { type: 'string' },
  'max-matches': { type: 'string' },
  format: { type: 'string', short: 'o' },
} as const;

export const SEARCH_USAGE =
  '       checkpoint-inspector memparse ARCHIVE [--pid N] --search STR | --search-regex RE | --search-hex HEX [-i] [--utf16] [--context N] [--max-matches N] [--format table|json]';

type Values = Record<string, string | boolean | undefined>;

export function searchRequested(values: Values): boolean {
  return values['search'] !== undefined || values['search-regex'] !== undefined || values['search-hex'] !== undefined;
}

function spec(values: Values): PatternSpec {
  const given = (['search', 'search-regex', 'search-hex'] as const).filter((k) => typeof values[k] === 'string');
  if (given.length !== 1) throw new CliUsageError('give one of --search, --search-regex, --search-hex');
  const key = given[0]!;
  const query = values[key] as string;
  return {
    kind: key === 'search' ? 'text' : key === 'search-regex' ? 'regex' : 'hex',
    query,
    ignoreCase: values['ignore-case'] === true,
    utf16: values['utf16'] === true,
  };
}

function intOption(values: Values, name: string, fallback: number, max: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d{1,7}$/.test(v) || Number(v) > max)
    throw new CliUsageError(`--${name} wants a number 0..${max}`);
  return Number(v);
}

/** Printable ASCII of the context, other bytes as dots. */
export function preview(hex: string): string {
  return Buffer.from(hex, 'hex')
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
}

function row(m: MemoryMatch): string {
  const vma = m.vma
    ? `${m.vma.start.toString(16)}-${m.vma.end.toString(16)} ${m.vma.prot} ${terminalSafe(m.vma.file ?? '')}`.trim()
    : '-';
  return `${String(m.pid).padEnd(7)} ${terminalSafe(m.comm).padEnd(16)} 0x${m.address.toString(16).padStart(12, '0')}  ${m.encoding.padEnd(7)} ${vma}\n        ${preview(m.context)}\n`;
}

/**
 * memparse --search*: streams matches over the archive's pages files. What
 * could not be read is on stderr, the summary says "incomplete" and the exit
 * code is EXIT.incomplete: never a quiet "0 matches".
 */
export async function runMemparseSearch(archive: string, pid: number | undefined, values: Values): Promise<number> {
  const format = values['format'] ?? 'table';
  if (format !== 'table' && format !== 'json') throw new CliUsageError('--format is table or json');
  const pattern = spec(values);
  const context = intOption(values, 'context', SEARCH_CONTEXT_BYTES, 4096);
  const maxMatches = intOption(values, 'max-matches', 10_000, MAX_MATCHES);
  return withSessions([archive], async ([session]) => {
    if (!session) return EXIT.failure;
    let pending: Promise<void> = Promise.resolve();
    // A write that fails (the reader of stdout went away) stops the search: nobody is reading its matches.
    const stop = new AbortController();
    let writeFailure: Error | undefined;
    if (format === 'table') await write(`PID     PROCESS          ADDRESS          ENCODING VMA\n`);
    const result = await searchMemory(sessionSource(session), {
      ...pattern,
      ...(pid !== undefined ? { pid } : {}),
      context,
      maxMatches,
      signal: stop.signal,
      onMatches: (ms) => {
        if (format !== 'table' || writeFailure !== undefined) return;
        pending = pending
          .then(() => write(ms.map(row).join('')))
          .catch((error: unknown) => {
            writeFailure ??= error instanceof Error ? error : new Error(String(error));
            stop.abort();
          });
      },
    }).catch((error: unknown) => {
      throw writeFailure ?? error;
    });
    await pending;
    if (writeFailure !== undefined) throw writeFailure;
    const { matches, ...summary } = result;
    if (format === 'json') await write(`${jsonText({ summary, matches }, 2)}\n`);
    else {
      await write(
        `\n${summary.complete ? '' : 'incomplete: '}${summary.matchCount} match(es)${summary.truncated ? ' (limit reached)' : ''} in ${summary.processCount} process(es), ${summary.bytesSearched} bytes searched${summary.complete ? '' : `; ${summary.problems.length} region(s) skipped (listed on stderr)`}\n`,
      );
    }
    const log = new ProblemLog();
    log.add(summary.problems);
    log.report(archive);
    if (summary.complete) return EXIT.ok;
    writeError(`checkpoint-inspector: ${terminalSafe(archive)}: search incomplete: some memory could not be read\n`);
    return EXIT.incomplete;
  });
}
