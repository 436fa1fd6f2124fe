/**
 * CRIU image codec: plain Node, no Electron.
 *
 * Image layout (images v1.1): [IMG_COMMON | IMG_SERVICE] MAGIC { SIZE PAYLOAD [EXTRA] },
 * SIZE a uint32 LE, PAYLOAD a protobuf message, EXTRA a raw payload some
 * images carry after each entry (pipe data, socket queues, TCP queues, ghost
 * file contents, BPF map data, SysV IPC contents). The inventory has no
 * IMG_COMMON word. Raw images (pages-*.img, *.tar.gz.img, iptables dumps, ...)
 * have no magic and are known by file name only; they are never decoded here.
 *
 * - `sniffImage(head, name?)`: magic and kind ('protobuf' | 'raw' | 'unknown')
 *   from the first 8 bytes.
 * - `decodeImage(bytes, { pretty, maxEntries, maxEntrySize, startEntry, name })`:
 *   `{ magic, kind, entries, truncated }` in crit's JSON shape
 *   (`crit decode --pretty` when pretty, the default). Unknown and raw images
 *   give kind 'unknown' / 'raw' and no entries, never an error. Malformed data
 *   throws AppError('IMAGE_CORRUPT', 'entry N: reason', { entry, offset });
 *   an entry larger than maxEntrySize throws AppError('LIMIT_EXCEEDED').
 * - `MemoryReader`: a process's memory from its pagemap (decoded with
 *   pretty: false) and random access to pages-<pages_id>.img.
 *
 * Integers. The wire decoder keeps 64-bit values exact: a JS number when it
 * is a safe integer (|n| <= 2^53 - 1), else a bigint. With pretty: false
 * entries hold those numbers/bigints (flags, addresses, devices as plain
 * integers; bytes as Buffers; IP addresses as crit's raw uint32 words). With
 * pretty: true entries are crit's JSON: crit's strings for hex/flags/dev/ipadd
 * fields, base64 text for bytes, and integers beyond 2^53 (e.g. RLIM_INFINITY,
 * 18446744073709551615) as bigints, which a bigint-aware writer (the CLI's
 * jsonText) prints as the numbers crit prints.
 */
export { sniffImage, decodeImage } from './decode-image';
export type { DecodedImage, DecodeOptions } from './decode-image';
export { MemoryReader } from './memory-reader';
export type { RandomAccess } from './memory-reader';
export { PE_LAZY, PE_PARENT, PE_PRESENT } from './crit-forms';
export { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, MAGICS, magicName } from './magic';
export { IMAGE_HANDLERS } from './image-handlers';
export { messageType } from './schema';
