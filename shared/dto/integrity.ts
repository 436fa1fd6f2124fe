// Evidence integrity: hashes of an archive and of its members, a verify of
// them against a report or a hash list, and the custody log.
import type { ProblemInfo } from './archive';

export interface MemberHash {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Bytes of the member (for a compressed archive: its uncompressed bytes). */
  size: number;
  /** sha256 (hex) of the member's bytes; null for members without content (directories, links, devices). */
  sha256: string | null;
}

export interface IntegrityHashes {
  archive: { fileName: string; size: number; compression: 'none' | 'gzip' | 'zstd'; sha256: string };
  /** Every member in archive order (a name stored twice is listed twice). */
  members: MemberHash[];
  /** When the hashes were computed (ISO, UTC); from the cache when `cached`. */
  computedAt: string;
  cached: boolean;
  problems: ProblemInfo[];
}

/** 'missing': in the reference, not in the archive; 'extra': in the archive, not in the reference. */
export type VerifyStatus = 'same' | 'differs' | 'missing' | 'extra';

export interface VerifyRow {
  /** A member name, or the archive's file name for the archive line. */
  name: string;
  isArchive: boolean;
  status: VerifyStatus;
  expected: string | null;
  actual: string | null;
}

export interface VerifyResult {
  /** 'report' (a JSON report or `hash --format json`) or 'sha256sum' (a hash list). */
  against: 'report' | 'sha256sum';
  /** True when every row is the same and the reference was read without problems. */
  ok: boolean;
  /** The archive line first (when the reference has one), then members in archive order, then the missing ones. */
  rows: VerifyRow[];
  counts: Record<VerifyStatus, number>;
  /** Lines of the reference that could not be read, and what the reference lacks (e.g. no archive line). */
  problems: ProblemInfo[];
}

export type CustodyAction = 'opened' | 'hashed' | 'verified' | 'exported';

export interface CustodyEntry {
  v: 1;
  /** ISO 8601, UTC. */
  at: string;
  user: { name: string | null; uid: number | null };
  host: string;
  /** Which of our hosts wrote it: cli, serve, electron. */
  tool: string;
  pid: number;
  action: CustodyAction;
  archive: { path: string; size: number | null; sha256: string | null };
  /** What was exported or verified: 'report', 'saved file', 'core file', 'recovered item', 'VMA range', ... */
  what?: string;
  /** Where it went (an output path), when it went to a file. */
  target?: string;
  /** Small facts of the action: a pid, a member, a range, a result. */
  detail?: Record<string, string | number | boolean | null>;
}

/** A line of the log that is not a valid entry: shown, never dropped or rewritten. */
export interface CustodyBrokenLine {
  line: number;
  text: string;
  reason: string;
}

export interface CustodyLog {
  /** Where the log is (main-side path, shown to the user who owns it). */
  file: string;
  entries: (CustodyEntry & { line: number })[];
  broken: CustodyBrokenLine[];
  /** Older entries not sent (a host shows the newest; the CLI prints all). */
  omitted?: number;
}
