import { AppError, isAppError } from '../../../shared/errors';
import { terminalSafe } from '../../../shared/terminal-safe';
import { assertWholeRange, saveMemoryRange } from '../../inspect/memory-range-save';
import type { MemoryRegions } from '../../inspect/search/memory-source';
import { clipRegions, narrowRegions } from '../../inspect/search/narrow-regions';
import { isEmptyFilter, parseRange, parseVmaFilter } from '../../inspect/vma-filter';
import { CliUsageError, EXIT } from '../exit-codes';
import type { CliSession } from '../format/archive-sessions';
import { write } from '../format/output';
import { ProblemLog } from '../format/problems';

/** `--filter` words, checked here so that a wrong one is bad usage (exit 2) before any archive is read. */
export function filterWords(value: unknown): string[] {
  const words = Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
  usage(() => parseVmaFilter(words));
  return words;
}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_ARGUMENT') throw new CliUsageError(error.message);
    throw error;
  }
}

/** The regions `memparse --pid N` hexdumps: all the dumped bytes, or those of --range and of the VMAs --filter admits. */
export async function hexdumpRegions(
  s: CliSession,
  pid: number,
  range: string | undefined,
  words: readonly string[],
): Promise<MemoryRegions> {
  const regions = await s.memoryRegions(pid);
  const clip = range === undefined ? undefined : usage(() => parseRange(range, '--range'));
  const filter = parseVmaFilter(words);
  if (clip && filter.range) throw new CliUsageError('--range and --filter range= both give a range: give one');
  if (isEmptyFilter(filter)) return clip ? clipRegions(regions, [clip]) : regions;
  return narrowRegions(regions, await s.vmas(pid), clip ? { ...filter, range: clip } : filter);
}

/**
 * `memparse --pid N --range A-B -o FILE`: the raw bytes of [A, B) into FILE,
 * streamed from the pages. A range with bytes not in the checkpoint is
 * refused, nothing written: a problem line names what is missing (exit 1).
 */
export async function saveRange(s: CliSession, pid: number, text: string, file: string): Promise<number> {
  const { start, end } = usage(() => parseRange(text, '--range'));
  const regions = await s.memoryRegions(pid);
  try {
    assertWholeRange(regions, start, end, pid);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    const log = new ProblemLog();
    log.add([{ where: `checkpoint/pagemap-${pid}.img`, pid, code: 'NOT_FOUND', message: error.message }]);
    log.report(s.path);
    return EXIT.failure;
  }
  const hex = (n: number) => `0x${n.toString(16)}`;
  await write(
    `\nWriting memory ${hex(start)}-${hex(end)} (${end - start} bytes) of process ID ${pid} from checkpoint: ${s.path} to file: ${terminalSafe(file)}...\n`,
  );
  const saved = await saveMemoryRange(regions, { pid, start, end }, file, { replace: true });
  await write(`sha256 ${saved.sha256}  ${saved.bytes} bytes\n`);
  const log = new ProblemLog();
  log.add(regions.problems);
  log.report(s.path);
  return EXIT.ok;
}
