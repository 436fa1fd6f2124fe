/**
 * Exit codes of the CLI: 0 ok, 1 a broken archive or failed operation, 2 bad
 * usage, 3 incomplete (what could be read was printed, and some of what was
 * asked for could not be read: each problem is on stderr).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, incomplete: 3 } as const;

export class CliUsageError extends Error {}
