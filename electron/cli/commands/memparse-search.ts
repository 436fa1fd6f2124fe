import type { MemoryMatch } from '../../../shared/dto/forensics';
import { CliUsageError, EXIT } from '../exit-codes';
import { write, writeError } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';
import { ProblemLog } from '../format/problems';
import { sessionSource } from '../../inspect/search/memory-source';
import { searchMemory, MAX_CONTEXT, MAX_MATCHES } from '../../inspect/search/search-memory';
import type { PatternSpec } from '../../inspect/search/pattern';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { renderTable } from '../format/table';
import { MEMPARSE_CONTEXT_BYTES } from '../../app/defaults';
import { noProcessMessage } from './memparse-pid';
import { hitsCsv, patternList } from '../../../shared/search-hits';
import { MAX_PATTERNS } from '../../inspect/search/pattern';

/** memparse's search options (checkpointctl's letters: -s, -r, -c), spread into its parseArgs options. */
export const SEARCH_OPTIONS = {
  // Repeatable (ours): every pattern is searched in one pass and each hit says which.
  search: { type: 'string', short: 's', multiple: true },
  'search-regex': { type: 'string', short: 'r', multiple: true },
  'search-hex': { type: 'string', multiple: true },
  'ignore-case': { type: 'boolean', short: 'i' },
  utf16: { type: 'boolean' },
  context: { type: 'string', short: 'c' },
  'max-matches': { type: 'string' },
  format: { type: 'string' },
} as const;

export const SEARCH_USAGE =
  '       checkpoint-inspector memparse ARCHIVE [-p|--pid N] -s|--search STR | -r|--search-regex RE | --search-hex HEX [-c|--context N] [-i|--ignore-case] [--utf16] [--max-matches N] [--filter KEY=VALUE]... [--format table|json|csv]';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function searchRequested(values: Values): boolean {
  return values['search'] !== undefined || values['search-regex'] !== undefined || values['search-hex'] !== undefined;
}

const KINDS = { search: 'text', 'search-regex': 'regex', 'search-hex': 'hex' } as const;

/** Every pattern given, in the order of the flags' kinds (text, regex, hex), each as it was typed. */
function specs(values: Values): PatternSpec[] {
  const out: PatternSpec[] = [];
  for (const key of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
    const given = values[key];
    for (const query of Array.isArray(given) ? given : []) {
      if (typeof query !== 'string') continue;
      out.push({
        kind: KINDS[key],
        query,
        ignoreCase: values['ignore-case'] === true,
        utf16: values['utf16'] === true,
        // A regex sees memory as checkpointctl's does: `HOME=([^?]+)` ends where the printable text does.
        printableOnly: true,
      });
    }
  }
  if (out.length === 0) throw new CliUsageError('give one of --search, --search-regex, --search-hex');
  if (out.length > MAX_PATTERNS) throw new CliUsageError(`at most ${MAX_PATTERNS} patterns in one search`);
  return out;
}

function intOption(values: Values, name: string, fallback: number, max: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d{1,7}$/.test(v) || Number(v) > max)
    throw new CliUsageError(`--${name} wants a number 0..${max}`);
  return Number(v);
}

/** The bytes as checkpointctl's MATCH column shows them: printable ASCII, every other byte as '?'. */
export function matchText(hex: string): string {
  return Buffer.from(hex, 'hex')
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** One row of checkpointctl's ADDRESS / MATCH / INSTANCE table (PID and PROCESS first when all processes are searched). */
function row(m: MemoryMatch, instance: number, withPid: boolean): string[] {
  const cells = [m.address.toString(16).padStart(16, '0'), matchText(m.context), String(instance)];
  return withPid ? [String(m.pid), m.comm, ...cells] : cells;
}

/**
 * memparse --search*: checkpointctl's table of matches (the match with
 * --context bytes each side), or "No matches ..." when there are none. What
 * could not be read is on stderr and the exit code is EXIT.incomplete: never
 * a quiet "no matches". Without --pid every live process is searched (PID
 * and PROCESS columns are added); checkpointctl needs --pid.
 */
export async function runMemparseSearch(
  archive: string,
  pid: number | undefined,
  values: Values,
  filter: readonly string[] = [],
): Promise<number> {
  const format = values['format'] ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv')
    throw new CliUsageError('--format is table, json or csv');
  const [pattern, ...also] = specs(values) as [PatternSpec, ...PatternSpec[]];
  if (typeof values['context'] === 'string' && /^-\d+$/.test(values['context'])) {
    // checkpointctl's check and words (exit 1).
    writeError('checkpoint-inspector: failed to search pattern in memory: context size cannot be negative\n');
    return EXIT.failure;
  }
  const context = intOption(values, 'context', MEMPARSE_CONTEXT_BYTES, MAX_CONTEXT);
  const maxMatches = intOption(values, 'max-matches', 10_000, MAX_MATCHES);
  const parentPath = typeof values['parent'] === 'string' ? values['parent'] : undefined;
  return withSessions(
    [archive],
    async ([session]) => {
      if (!session) return EXIT.failure;
      if (pid !== undefined) {
        const missing = await noProcessMessage(session, pid);
        if (missing !== null) {
          writeError(`checkpoint-inspector: ${missing}\n`);
          return EXIT.failure;
        }
      }
      const result = await searchMemory(sessionSource(session), {
        ...pattern,
        also,
        filter,
        ...(pid !== undefined ? { pid } : {}),
        context,
        maxMatches,
      });
      const { matches, ...summary } = result;
      const patterns = [pattern, ...also];
      if (format === 'json') await write(`${jsonText({ summary, patterns: patternList(patterns), matches }, 2)}\n`);
      else if (format === 'csv') await write(hitsCsv(matches, patterns, terminalSafe));
      else if (matches.length === 0) {
        const where = pid !== undefined ? `PID ${pid}` : 'any process';
        const what = patterns.map((p) => `"${terminalSafe(p.query)}"`).join(', ');
        await write(`No matches for pattern${patterns.length > 1 ? 's' : ''} ${what} in the memory of ${where}\n`);
      } else {
        const header = [...(pid === undefined ? ['PID', 'Process'] : []), 'Address', 'Match', 'Instance'];
        const many = patterns.length > 1;
        await write(
          renderTable(
            many ? [...header, 'Pattern'] : header,
            matches.map((m, i) => {
              const cells = row(m, i + 1, pid === undefined);
              return many ? [...cells, terminalSafe(patterns[m.pattern ?? 0]?.query ?? '')] : cells;
            }),
          ),
        );
      }
      if (summary.truncated)
        writeError(
          `checkpoint-inspector: ${terminalSafe(archive)}: stopped at ${summary.matchCount} matches (--max-matches); more may exist\n`,
        );
      const log = new ProblemLog();
      log.add(summary.problems);
      log.report(archive);
      if (summary.complete) return EXIT.ok;
      writeError(
        `checkpoint-inspector: ${terminalSafe(archive)}: search incomplete: ${summary.matchCount} match(es) in the memory that could be read (${summary.bytesSearched} bytes); the rest is listed above\n`,
      );
      return EXIT.incomplete;
    },
    parentPath !== undefined ? { parentPath } : {},
  );
}
