/**
 * Files and buffers a checkpoint holds that exist nowhere else once the
 * container is gone: deleted-but-open files, memfd contents, bytes waiting in
 * pipes, FIFOs, terminals, socket queues and TCP streams.
 */
export type RecoveredKind = 'ghost-file' | 'memfd' | 'pipe' | 'fifo' | 'tty' | 'socket-queue' | 'tcp-in' | 'tcp-out';

/** A descriptor that held the item when the dump was taken. */
export interface RecoveredOwner {
  pid: number;
  fd: number;
  /** A pipe's end: 'read', 'write'. */
  role?: string;
}

export interface RecoveredPreview {
  /** 'text' when the first bytes are printable UTF-8, else a hex dump. */
  encoding: 'text' | 'hex';
  text: string;
  /** The item holds more than the preview shows. */
  truncated: boolean;
}

export interface RecoveredItem {
  /** Stable within an archive: kind and the CRIU id (e.g. 'pipe:123', 'tcp-in:4567'). */
  id: string;
  kind: RecoveredKind;
  /** The path, memfd name, socket addresses...: archive-controlled text. */
  label: string;
  owners: RecoveredOwner[];
  /** Bytes that can be read. */
  size: number;
  /** What the image declares when it holds less than that (truncated data), else null. */
  declaredSize: number | null;
  /** The member the bytes come from. */
  member: string;
  preview: RecoveredPreview;
  /** Mode, owner, times, seals, queue sequence numbers...: one flat record per kind. */
  details: Record<string, string | number | boolean | null>;
}

/** One occurrence of a search within an item. */
export interface RecoveredMatch {
  offset: number;
  /** The match with up to 16 bytes either side, printable ASCII, others as '.'. */
  context: string;
  /** Where the match starts in `context`. */
  at: number;
}

export interface RecoveredSearch {
  matches: RecoveredMatch[];
  /** False when the search stopped at its match limit. */
  complete: boolean;
}
