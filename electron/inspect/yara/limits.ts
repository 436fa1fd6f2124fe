// The YARA scan's limits and defaults, in one place.

/** Bytes handed to the engine at once; with the overlap, the scan's own memory (RAM flat in archive size). */
export const YARA_WINDOW = 8 * 1024 * 1024;
/**
 * Bytes each window reads past its end. A match that starts inside a window
 * and is at most this long is found whole, even across a window border.
 */
export const YARA_OVERLAP = 64 * 1024;
/** Hits kept in one report; more set `truncated`. */
export const YARA_MAX_HITS = 10_000;
/** String matches listed per hit (all are counted). */
export const YARA_MAX_STRINGS_PER_HIT = 64;
/** Bytes of each string match shown (hex). */
export const YARA_MATCH_PREVIEW = 64;
/** Time one rule set may scan one archive; past it the scan stops and says what it left. */
export const YARA_DEADLINE_MS = 5 * 60_000;
/** Rule text accepted per file and in all. */
export const YARA_MAX_RULE_FILE = 4 * 1024 * 1024;
export const YARA_MAX_RULE_FILES = 1000;
