import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { HEXDUMP_HEADER, hexdumpRows, type HexdumpState } from '../format/hexdump';
import { write, writeError } from '../format/output';
import { parse, pidOption } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';
import { byteToString } from '../format/units';
import { sharedSize } from '../../inspect/vmas';
import { HEXDUMP_DEFAULT_BYTES, limitText } from '../../inspect/limits';
import type { MemoryRegions } from '../../inspect/search/memory-source';
import { runMemparseSearch, SEARCH_OPTIONS, SEARCH_USAGE, searchRequested } from './memparse-search';

const USAGE = `usage: checkpoint-inspector memparse ARCHIVE... [--pid N [--offset BYTES] [--length BYTES]]\n${SEARCH_USAGE}`;

/**
 * `memparse`: memory per process, or (with --pid) a hexdump of the dumped
 * pages, as checkpointctl memparse. The hexdump pages through the dump
 * (--offset, --length; HEXDUMP_DEFAULT_BYTES unless --length says more).
 */
export const memparseCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        pid: { type: 'string', short: 'p' },
        offset: { type: 'string' },
        length: { type: 'string' },
        ...SEARCH_OPTIONS,
      },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new CliUsageError(`an archive is needed\n${USAGE}`);
    const pid = pidOption(typeof values.pid === 'string' ? values.pid : undefined);
    if (pid !== undefined && positionals.length > 1) throw new CliUsageError('--pid takes one archive');
    if ((values.offset !== undefined || values.length !== undefined) && (pid === undefined || searchRequested(values)))
      throw new CliUsageError('--offset and --length page the hexdump of --pid N');
    if (searchRequested(values)) {
      if (positionals.length > 1) throw new CliUsageError('--search takes one archive');
      return runMemparseSearch(positionals[0] as string, pid, values);
    }
    return withSessions(positionals, async (sessions) => {
      if (pid === undefined) {
        let incomplete = false;
        for (const s of sessions) {
          const rows: string[][] = [];
          const log = new ProblemLog();
          for (const u of log.rows(await s.memoryUsage())) {
            rows.push([
              String(u.pid),
              u.comm,
              byteToString(u.dumpedSize),
              byteToString(sharedSize(await s.vmas(u.pid))),
            ]);
          }
          await write(`\nDisplaying processes memory sizes from ${s.path}\n\n`);
          await write(renderTable(['PID', 'Process name', 'Memory size', 'Shared memory size'], rows));
          log.report(s.path);
          incomplete ||= log.problems.length > 0;
        }
        return incomplete ? EXIT.incomplete : EXIT.ok;
      }
      const s = sessions[0];
      if (!s) return EXIT.failure;
      if (!(await s.processes()).some((p) => p.pid === pid)) {
        writeError(`checkpoint-inspector: no process with PID ${pid} (use \`inspect --ps-tree\` to view all PIDs)\n`);
        return EXIT.failure;
      }
      await write(
        `\nDisplaying memory pages content for process ID ${pid} from checkpoint: ${s.path}\n\n${HEXDUMP_HEADER}`,
      );
      const regions = await s.memoryRegions(pid);
      const page = pageOptions(values);
      const shown = await writeHexdump(regions, page.offset, page.length);
      const log = new ProblemLog();
      log.add(regions.problems);
      log.report(s.path);
      if (shown.next !== null) {
        const why = page.given ? '--length' : limitText('HEXDUMP_DEFAULT_BYTES');
        writeError(
          `checkpoint-inspector: showed dumped bytes ${page.offset}..${shown.next} of ${shown.total} (${why}); continue with --offset ${shown.next}\n`,
        );
      }
      return log.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};

/** --offset and --length: decimal or 0x-hex byte counts into the process's dumped memory. */
function pageOptions(values: Record<string, unknown>): { offset: number; length: number; given: boolean } {
  const bytes = (name: string, fallback: number, min: number): number => {
    const text = values[name];
    if (typeof text !== 'string') return fallback;
    const n = /^(0x[0-9a-f]{1,13}|\d{1,16})$/i.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
      throw new CliUsageError(`--${name} wants a byte count (${min} or more), not '${text}'`);
    return n;
  };
  const offset = bytes('offset', 0, 0);
  return {
    // Rows are 16 bytes: a page starts on a row.
    offset: offset - (offset % 16),
    length: bytes('length', HEXDUMP_DEFAULT_BYTES, 1),
    given: typeof values['length'] === 'string',
  };
}

/** Reads of this size keep memory flat however large the dump: one chunk is read, formatted and written at a time. */
const CHUNK = 64 * 1024;

/**
 * Hexdumps `length` dumped bytes from `offset` (counted over the dumped runs
 * in address order), a chunk at a time, waiting on stdout when it is full.
 * Returns where the next page would start (null at the end) and the total.
 */
async function writeHexdump(
  regions: MemoryRegions,
  offset: number,
  length: number,
): Promise<{ next: number | null; total: number }> {
  const total = regions.runs.reduce((sum, r) => sum + (r.end - r.start), 0);
  const state: HexdumpState = { prev: null, dup: false };
  let skip = offset;
  let left = Math.min(length, Math.max(0, total - offset));
  for (const run of regions.runs) {
    if (left === 0) break;
    const size = run.end - run.start;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    for (let at = run.start + skip; at < run.end && left > 0;) {
      const n = Math.min(CHUNK, run.end - at, left);
      await write(hexdumpRows(await regions.read(at, n), at, true, state));
      at += n;
      left -= n;
    }
    skip = 0;
  }
  const end = Math.min(total, offset + length);
  return { next: end < total ? end : null, total };
}
