/** Exit codes of the CLI: 0 ok, 1 a broken archive or failed operation, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class CliUsageError extends Error {}
