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
} as const;

export function limitText(name: keyof typeof INSPECT_LIMITS): string {
  return `${name} = ${INSPECT_LIMITS[name]}`;
}
