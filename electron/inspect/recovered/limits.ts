/** The bounds of the recovered-data views, in one place. */

/** Items listed at most; beyond, a LIMIT_EXCEEDED problem says how many were left out. */
export const MAX_RECOVERED_ITEMS = 10_000;
/** Entries walked at most in one data image (sk-queues can hold one per queued message). */
export const MAX_DATA_FRAMES = 200_000;
/** The largest protobuf entry read on its own (the data follows it, outside this bound). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Bytes shown in a preview. */
export const PREVIEW_BYTES = 512;
/** Bytes read from the archive per step while streaming an item. */
export const STREAM_CHUNK = 256 * 1024;
/** The largest item served (a hostile image may declare a sparse file of 2^63 bytes); beyond, cut with a problem. */
export const MAX_ITEM_BYTES = 16 * 1024 * 1024 * 1024;
