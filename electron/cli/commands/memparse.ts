import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions, type CliSession } from '../format/archive-sessions';
import { HEXDUMP_HEADER, hexdumpRows, type HexdumpState } from '../format/hexdump';
import { write, writeError } from '../format/output';
import { parse, pidOption } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';
import { byteToString } from '../format/units';
import { terminalSafe } from '../../../shared/terminal-safe';
import { AppError } from '../../../shared/errors';
import { HEXDUMP_DEFAULT_BYTES, limitText } from '../../inspect/limits';
import type { MemoryRegions } from '../../inspect/search/memory-source';
import { runMemparseSearch, SEARCH_OPTIONS, SEARCH_USAGE, searchRequested } from './memparse-search';
import { filterWords, hexdumpRegions, saveRange } from './memparse-range';
import { noProcessMessage } from './memparse-pid';
import { memorySizes } from './memparse-sizes';

const USAGE = `usage: checkpoint-inspector memparse ARCHIVE...
       checkpoint-inspector memparse ARCHIVE -p|--pid N [-o|--output FILE] [--offset BYTES] [--length BYTES] [--range A-B] [--filter KEY=VALUE]...
${SEARCH_USAGE}

  -p, --pid N            the process whose memory pages are shown (a hexdump) or searched
  -o, --output FILE      write the hexdump (every row, none folded) to FILE instead of stdout
  -s, --search STR       search the memory for a string
  -r, --search-regex RE  search the memory for an RE2 regex (bytes outside 0x20..0x7e read as '?')
  -c, --context N        bytes shown each side of a match (default 0)
      --range A-B        with -o FILE: the raw bytes of [A, B) (0x-hex or decimal) into FILE, refused when a
                         byte is not in the checkpoint; without -o: the hexdump of the dumped bytes in [A, B)
      --filter KEY=VALUE only the VMAs that match, in the hexdump and the search (repeat: all must hold):
                         prot=rw | prot=r-x, type=anon|file|stack|heap|vdso|vvar|vsyscall|shared|shm[,...],
                         file=SUBSTRING|GLOB, range=A-B
      --format table|json|csv  the search's output (json and csv: every hit with its pattern, VMA and bytes)
      --parent FILE      the parent of an incremental checkpoint (Podman --with-previous: its --pre-checkpoint
                         export): pages the checkpoint keeps in its parent are read from FILE's pre-checkpoint/`;

/**
 * `memparse`: memory per process, or (with --pid) a hexdump of the dumped
 * pages, or a search of them, as checkpointctl memparse. The hexdump on
 * stdout pages through the dump (--offset, --length; HEXDUMP_DEFAULT_BYTES
 * unless --length says more); with --output it goes to a file, whole.
 */
export const memparseCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      negativeContext(args),
      {
        pid: { type: 'string', short: 'p' },
        output: { type: 'string', short: 'o' },
        offset: { type: 'string' },
        length: { type: 'string' },
        range: { type: 'string' },
        filter: { type: 'string', multiple: true },
        parent: { type: 'string' },
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
    const searching = searchRequested(values);
    if ((values.offset !== undefined || values.length !== undefined) && (pid === undefined || searching))
      throw new CliUsageError('--offset and --length page the hexdump of --pid N');
    if (values.output !== undefined && (pid === undefined || searching))
      throw new CliUsageError('--output writes the hexdump of --pid N to a file');
    if (values.range !== undefined && (pid === undefined || searching))
      throw new CliUsageError('--range is a range of the memory of --pid N');
    if (values.range !== undefined && (values.offset !== undefined || values.length !== undefined))
      throw new CliUsageError('--range and --offset/--length both say which bytes: give one');
    const filter = filterWords(values.filter);
    if (filter.length > 0 && pid === undefined && !searching)
      throw new CliUsageError('--filter narrows the hexdump of --pid N or a search');
    if (values.format !== undefined && !searching) throw new CliUsageError('--format is for --search output');
    if (searching) {
      if (positionals.length > 1) throw new CliUsageError('--search takes one archive');
      return runMemparseSearch(positionals[0] as string, pid, values, filter);
    }
    const parentPath = typeof values.parent === 'string' ? values.parent : undefined;
    if (parentPath !== undefined && positionals.length > 1) throw new CliUsageError('--parent takes one archive');
    return withSessions(
      positionals,
      async (sessions) => {
        if (pid === undefined) {
          let incomplete = false;
          for (const s of sessions) {
            const log = new ProblemLog();
            const rows = log
              .rows(await memorySizes(s))
              .map((u) => [String(u.pid), u.comm, byteToString(u.memorySize), byteToString(u.sharedSize)]);
            await write(`\nDisplaying processes memory sizes from ${s.path}\n\n`);
            await write(renderTable(['PID', 'Process name', 'Memory size', 'Shared memory size'], rows));
            log.report(s.path);
            incomplete ||= log.problems.length > 0;
          }
          return incomplete ? EXIT.incomplete : EXIT.ok;
        }
        const s = sessions[0];
        if (!s) return EXIT.failure;
        const missing = await noProcessMessage(s, pid);
        if (missing !== null) {
          writeError(`checkpoint-inspector: ${missing}\n`);
          return EXIT.failure;
        }
        const file = typeof values.output === 'string' ? values.output : undefined;
        const range = typeof values.range === 'string' ? values.range : undefined;
        if (range !== undefined && file !== undefined) return saveRange(s, pid, range, file);
        const regions = await hexdumpRegions(s, pid, range, filter);
        const page = pageOptions(values, file === undefined ? HEXDUMP_DEFAULT_BYTES : Number.MAX_SAFE_INTEGER);
        let shown: { next: number | null; total: number };
        if (file === undefined) {
          await write(
            `\nDisplaying memory pages content for process ID ${pid} from checkpoint: ${s.path}\n\n${HEXDUMP_HEADER}`,
          );
          shown = await writeHexdump(regions, page.offset, page.length, {
            compact: true,
            out: write,
            entryStarts: await entryStarts(s, pid),
          });
        } else {
          shown = await hexdumpToFile(file, regions, page.offset, page.length, () =>
            write(
              `\nWriting memory pages content for process ID ${pid} from checkpoint: ${s.path} to file: ${terminalSafe(file)}...\n`,
            ),
          );
        }
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
      },
      parentPath !== undefined ? { parentPath } : {},
    );
  },
};

/** `-c -1` as checkpointctl reads it (the value, which it then refuses), where parseArgs would take `-1` for a flag. */
function negativeContext(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if ((arg === '-c' || arg === '--context') && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`--context=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** --offset and --length: decimal or 0x-hex byte counts into the process's dumped memory. */
function pageOptions(
  values: Record<string, unknown>,
  defaultLength: number,
): { offset: number; length: number; given: boolean } {
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
    length: bytes('length', defaultLength, 1),
    given: typeof values['length'] === 'string',
  };
}

/** The hexdump into a file: the header and every row (checkpointctl folds none there), written as the pages are read. */
async function hexdumpToFile(
  file: string,
  regions: MemoryRegions,
  offset: number,
  length: number,
  announce: () => Promise<void>,
): Promise<{ next: number | null; total: number }> {
  const fail = (error: unknown): never => {
    const code = (error as { code?: unknown }).code;
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError(
      code === 'EACCES' || code === 'EPERM'
        ? 'PERMISSION_DENIED'
        : code === 'ENOSPC'
          ? 'DISK_FULL'
          : 'INVALID_ARGUMENT',
      `cannot write the hexdump to ${file}: ${why}`,
    );
  };
  // Opened before anything is announced: a path that cannot be written is the only thing said.
  const handle = await open(file, 'w').catch(fail);
  const stream = handle.createWriteStream();
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const put = (text: string) => Promise.race([failed, streamWrite(stream, text)]);
  try {
    await announce();
    await put(HEXDUMP_HEADER);
    const shown = await writeHexdump(regions, offset, length, { compact: false, out: put, entryStarts: [] });
    await Promise.race([failed, new Promise<void>((resolve) => stream.end(resolve))]);
    return shown;
  } catch (error) {
    stream.destroy();
    if (error instanceof AppError || (error as { code?: unknown }).code === undefined) throw error;
    return fail(error);
  }
}

function streamWrite(stream: WriteStream, text: string): Promise<void> {
  return stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Where each pagemap entry of `pid` starts, ascending: the folding of the
 * hexdump restarts there as checkpointctl's does. Only a hint for the
 * layout: an image that cannot be decoded gives none (its problems are the
 * memory regions' to report).
 */
async function entryStarts(s: CliSession, pid: number): Promise<number[]> {
  const starts: number[] = [];
  const image = `pagemap-${pid}.img`;
  for (let offset = 0; ;) {
    const page = await s.decodeImage(image, offset, ENTRY_PAGE).catch(() => null);
    if (page === null || page.error !== null || page.raw) break;
    for (const entry of page.entries) {
      const vaddr = (entry as { vaddr?: unknown }).vaddr;
      if (typeof vaddr === 'string' && /^0x[0-9a-f]{1,13}$/i.test(vaddr)) starts.push(Number(vaddr));
    }
    offset += page.entries.length;
    if (page.entries.length === 0 || offset >= page.total) break;
  }
  return starts.sort((a, b) => a - b);
}
const ENTRY_PAGE = 1000;

/** Reads of this size keep memory flat however large the dump: one chunk is read, formatted and written at a time. */
const CHUNK = 64 * 1024;

/**
 * Hexdumps `length` dumped bytes from `offset` (counted over the dumped runs
 * in address order), a chunk at a time, waiting on the writer when it is
 * full. Folding (`compact`) starts again at each run and at each pagemap
 * entry (`entryStarts`), as checkpointctl's does per entry, so a `*` never
 * hides where one ends. Returns where the next page would start (null at
 * the end) and the total.
 */
async function writeHexdump(
  regions: MemoryRegions,
  offset: number,
  length: number,
  to: { compact: boolean; out: (text: string) => Promise<void>; entryStarts: readonly number[] },
): Promise<{ next: number | null; total: number }> {
  const total = regions.runs.reduce((sum, r) => sum + (r.end - r.start), 0);
  let skip = offset;
  let left = Math.min(length, Math.max(0, total - offset));
  let boundary = 0;
  for (const run of regions.runs) {
    if (left === 0) break;
    const size = run.end - run.start;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    let state: HexdumpState = { prev: null, dup: false };
    for (let at = run.start + skip; at < run.end && left > 0;) {
      while (boundary < to.entryStarts.length && to.entryStarts[boundary]! <= at) {
        if (to.entryStarts[boundary] === at) state = { prev: null, dup: false };
        boundary++;
      }
      const nextStart = to.entryStarts[boundary] ?? Number.MAX_SAFE_INTEGER;
      const n = Math.min(CHUNK, run.end - at, left, nextStart - at);
      await to.out(hexdumpRows(await regions.read(at, n), at, to.compact, state));
      at += n;
      left -= n;
    }
    skip = 0;
  }
  const end = Math.min(total, offset + length);
  return { next: end < total ? end : null, total };
}
