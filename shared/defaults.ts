// Defaults the contract's schemas need (zod fills them in at the boundary), so
// they live here: shared/ cannot import electron/. Hosts take them through
// electron/app/defaults.ts; nothing else spells these numbers.

/**
 * How long a checkpoint may run before it is given up, in seconds, for every
 * host. 600, not 300: the dump of a container with a few GiB of memory and the
 * copy of its images onto a slow disk take minutes, and the timeout is a guard
 * against a hung runtime, not a limit on patience: the user can cancel at any
 * time (the job's cancel in the app, Ctrl-C on the command line).
 */
export const CHECKPOINT_TIMEOUT_SECONDS = 600;

/**
 * Bytes of memory shown on each side of a search match, for every host. 32:
 * enough for the whole `NAME=value` environment entry or header line around a
 * secret, and still one 80-column line in the CLI's table for a short match;
 * the app and the CLI show the same hit the same way.
 */
export const SEARCH_CONTEXT_BYTES = 32;
