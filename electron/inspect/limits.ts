/**
 * The inspection views' limits, each named once: an error or a problem that
 * hits one quotes its name and value, so the analyst knows what stopped and
 * why. (The archive side has its own, in electron/archive/limits.ts.)
 */

/** Problems of one kind listed per image; the rest are counted in one closing line. */
export const MAX_LISTED_PROBLEMS = 50;

/** VMAs read from one mm image. The kernel's default vm.max_map_count is 65,530. */
export const MAX_VMAS = 262_144;
/** Characters of backing-file names in one process's VMA list; past it a VMA names its file by id. */
export const MAX_VMA_NAME_CHARS = 16 * 1024 * 1024;

/** Entries of files.img indexed. */
export const MAX_FILE_ENTRIES = 1_000_000;
/** Longest file name kept (the kernel's PATH_MAX); a longer one cannot be a path it opened, and is cut. */
export const MAX_PATH_CHARS = 4096;
/** Rows of the files view and of the sockets view (all processes). */
export const MAX_FILE_ROWS = 250_000;
/** Characters of paths in the files view (descriptors sharing one long name add up). */
export const MAX_FILE_VIEW_CHARS = 16 * 1024 * 1024;

/** Dumped bytes one `memparse --pid` hexdump shows unless --length says otherwise. */
export const HEXDUMP_DEFAULT_BYTES = 16 * 1024 * 1024;

/**
 * Tasks read from pstree.img. Far beyond a real container's; a report on a
 * hostile dump reads several images per task, and at 8,192 tasks without
 * images it stays well inside 300 MB.
 */
export const MAX_PROCESSES = 8_192;
/** Thread ids kept for one task; a longer list is cut. */
export const MAX_THREADS_PER_PROCESS = 65_536;
/** Bytes of pstree.img decoded: bounds every thread list and task before one is allocated. */
export const MAX_PSTREE_BYTES = 4 * 1024 * 1024;
/** Levels of a process tree printed nested (CLI tree and JSON, report); jq 1.6 reads 256 levels of JSON at most. */
export const MAX_TREE_DEPTH = 100;
/** Levels of indentation a text tree draws; deeper lines are drawn at this level, marked with their depth. */
export const MAX_TREE_INDENT = 128;
/** Levels of indentation in the JSON we write (reports); deeper levels are written at this one, still valid JSON. */
export const MAX_JSON_INDENT = 16;

/** Differing pages a memory diff lists (all are counted); 10,000 lines of JSON stay small. */
export const MAX_MEMORY_DIFF_PAGES = 10_000;
/** Bytes of one side a memory diff reads at once: its RAM stays flat whatever the process's size. */
export const MEMORY_DIFF_CHUNK_BYTES = 1024 * 1024;

/** Rows of the timeline; past it the bulky sources (rootfs, ghost files, logs) are cut, and the view says so. */
export const MAX_TIMELINE_ROWS = 20_000;
/** Bytes of one log member (dump.log, container.log) the timeline reads: its head and tail when longer. */
export const MAX_TIMELINE_LOG_BYTES = 16 * 1024 * 1024;

/** Limits by name, for messages: `limitText('MAX_FILE_ROWS')` is "MAX_FILE_ROWS = 250000". */
export const INSPECT_LIMITS = {
  MAX_LISTED_PROBLEMS,
  MAX_VMAS,
  MAX_VMA_NAME_CHARS,
  MAX_FILE_ENTRIES,
  MAX_PATH_CHARS,
  MAX_FILE_ROWS,
  MAX_FILE_VIEW_CHARS,
  HEXDUMP_DEFAULT_BYTES,
  MAX_PROCESSES,
  MAX_THREADS_PER_PROCESS,
  MAX_PSTREE_BYTES,
  MAX_TREE_DEPTH,
  MAX_TREE_INDENT,
  MAX_JSON_INDENT,
  MAX_MEMORY_DIFF_PAGES,
  MAX_TIMELINE_ROWS,
  MAX_TIMELINE_LOG_BYTES,
} as const;

export function limitText(name: keyof typeof INSPECT_LIMITS): string {
  return `${name} = ${INSPECT_LIMITS[name]}`;
}

/**
 * Work one regex search may spend finding match bounds, in pattern
 * instructions times chars read by the position engine (the DFA probes that
 * find a match's window are not counted). About 10 s here: `(?s).{0,100}Z`
 * over random memory, a hit every 256 bytes, spends 0.43e9 on 8,192 hits in
 * 6.6 s; `[0-9]{2}` with 10,000 hits a few million; `(?s).{0,1000}Z` runs out
 * after about 300 hits and is stopped with the limit named.
 */
export const MAX_REGEX_WORK = 600_000_000;
