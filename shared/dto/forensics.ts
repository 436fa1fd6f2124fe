import type { ChangedPart } from '../diff-text';
import type { ProblemInfo } from './archive';
import type { MemoryDiff } from './memory-diff';

/** What a memory search looks for. */
export type SearchKind = 'text' | 'hex' | 'regex';

/** How a match's bytes were encoded: ASCII/UTF-8 text, UTF-16LE text, raw bytes, or a regex over bytes. */
export type MatchEncoding = 'ascii' | 'utf16le' | 'bytes' | 'regex';

export interface VmaRef {
  start: number;
  end: number;
  prot: string;
  file: string | null;
}

export interface MemoryMatch {
  pid: number;
  comm: string;
  address: number;
  length: number;
  encoding: MatchEncoding;
  /** Which pattern matched: 0 for the search's first, i for its i-th further one (absent from older results). */
  pattern?: number;
  /** The VMA the match starts in; null when no VMA covers it. */
  vma: VmaRef | null;
  /** Address of the first context byte. */
  contextAddress: number;
  /** Hex of the bytes around the match (absent pages read as zeros). */
  context: string;
}

export interface SearchSummary {
  matchCount: number;
  /** The match limit was reached; more may exist. */
  truncated: boolean;
  bytesSearched: number;
  processCount: number;
  seconds: number;
  /** false when some memory could not be read: the matches are of what was searched only. */
  complete: boolean;
  /** What was skipped and why (a process's memory, or the rest of it), each with its pid; also hits left without a VMA name. */
  problems: ProblemInfo[];
}

/** Streamed while a search job runs. */
export interface SearchResultsEvent {
  jobId: string;
  matches: MemoryMatch[];
}

export interface MemoryString {
  address: number;
  text: string;
}

export interface StringsPage {
  pid: number;
  strings: MemoryString[];
  /** Address to continue from; null at the end of the range. */
  next: number | null;
}

export type FindingSeverity = 'high' | 'medium' | 'low';
export type FindingSource = 'environment' | 'cmdline' | 'memory' | 'rootfs' | 'spec' | 'config';

export interface FindingLocation {
  source: FindingSource;
  /** Human-readable place: `pid 7 (httpd) env AWS_SECRET_ACCESS_KEY`, `/etc/app.conf:3`, ... */
  where: string;
  pid: number | null;
  address: number | null;
  path: string | null;
}

export interface Finding {
  /** Stable within an archive: rule id and a hash of the value. */
  id: string;
  ruleId: string;
  title: string;
  severity: FindingSeverity;
  /** The variable or key name when there is one. */
  name: string | null;
  /** The value with all but a few characters masked. */
  masked: string;
  locations: FindingLocation[];
}

export interface FindingsReport {
  findings: Finding[];
  /** false when some place could not be scanned (see problems): the findings are of what was read only. */
  complete: boolean;
  /** Places not scanned in full (limits) or that failed. */
  problems: ProblemInfo[];
}

export interface ProcessChange {
  pid: number;
  comm: string;
  /** Field names that differ: cmdline, environment, state, credentials, comm, ppid, memory. */
  fields: string[];
  /** One per differing value (an environment variable, a credential); `mark` is its changed part (shared/diff-text.ts). */
  details: { field: string; before: unknown; after: unknown; mark: ChangedPart | null }[];
}

export interface DiffSide<T> {
  added: T[];
  removed: T[];
}

/**
 * One differing leaf. Lists are keyed by identity, not position: a list of
 * names is a set (`process.capabilities.bounding["CAP_KILL"]`), NAME=VALUE
 * lists by name (`process.env["PATH"]`), lists of objects by their identity
 * field (`mounts["/proc"]`); only ordered lists (args, commands) by index.
 */
export interface JsonChange {
  path: string;
  /** null: absent on that side. */
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed';
  /** The changed part of the two values' text (shared/diff-text.ts valueText); null when one side is absent. */
  mark: ChangedPart | null;
}

export interface ArchiveDiff {
  a: { fileName: string; containerName: string | null; checkpointedAt: string | null };
  b: { fileName: string; containerName: string | null; checkpointedAt: string | null };
  processes: DiffSide<{ pid: number; comm: string; cmdline: string[] }> & { changed: ProcessChange[] };
  files: DiffSide<{ pid: number; comm: string; fd: number; type: string; path: string }>;
  sockets: DiffSide<{ pid: number; comm: string; protocol: string; local: string; remote: string; state: string }>;
  memory: { pid: number; comm: string; before: number | null; after: number | null }[];
  /** The memory diff by page content (its problems are also in `problems`). */
  pages: MemoryDiff;
  rootfs: DiffSide<{ path: string; type: string; size: number }> & {
    changed: { path: string; before: string; after: string }[];
  };
  spec: JsonChange[];
  config: JsonChange[];
  /** What could not be read, and on which side: a difference is only as good as both reads. */
  problems: DiffProblem[];
}

export interface DiffProblem extends ProblemInfo {
  side: 'a' | 'b';
}
