/** CRIU's stats.proto fields in words: one table for the core (provenance, CLI) and the GUI. */

export type StatUnit = 'µs' | 'pages' | 'count';

/** Every field of stats.proto's dump_stats_entry, in its order, in words (checkpointctl shows six). */
export const DUMP_STATS_FIELDS: readonly (readonly [key: string, label: string, unit: StatUnit])[] = [
  ['freezing_time', 'time to freeze the tasks', 'µs'],
  ['frozen_time', 'time the tasks stayed frozen', 'µs'],
  ['memdump_time', 'time to dump memory (drain pages from the tasks)', 'µs'],
  ['memwrite_time', 'time to write memory pages to the images', 'µs'],
  ['pages_scanned', 'memory pages scanned', 'pages'],
  ['pages_skipped_parent', 'pages skipped: unchanged since the parent (pre-)dump', 'pages'],
  ['pages_written', 'memory pages written', 'pages'],
  ['irmap_resolve', 'time to resolve inotify/fanotify watch paths (irmap)', 'µs'],
  ['pages_lazy', 'pages left for lazy restore (not written)', 'pages'],
  ['page_pipes', 'page pipes used to drain memory', 'count'],
  ['page_pipe_bufs', 'page pipe buffers used', 'count'],
  ['shpages_scanned', 'shared memory pages scanned', 'pages'],
  ['shpages_skipped_parent', 'shared memory pages skipped: unchanged since the parent dump', 'pages'],
  ['shpages_written', 'shared memory pages written', 'pages'],
];

/** restore_stats_entry, when CRIU restored from these images and left its stats. */
export const RESTORE_STATS_FIELDS: readonly (readonly [key: string, label: string, unit: StatUnit])[] = [
  ['pages_compared', 'pages compared with the parent image', 'pages'],
  ['pages_skipped_cow', 'pages skipped: shared copy-on-write', 'pages'],
  ['forking_time', 'time to fork the tasks', 'µs'],
  ['restore_time', 'time to restore', 'µs'],
  ['pages_restored', 'memory pages restored', 'pages'],
];

const snake = (key: string) => key.replace(/Us$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A stats key in words, given as CRIU spells it (freezing_time) or as the overview's camelCase (freezingTimeUs). */
export function statLabel(key: string): string {
  const name = key.includes('_') ? key : snake(key);
  const row = [...DUMP_STATS_FIELDS, ...RESTORE_STATS_FIELDS].find(([k]) => k === name);
  return row ? row[1].charAt(0).toUpperCase() + row[1].slice(1) : key;
}
