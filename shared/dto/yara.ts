// YARA scans of a checkpoint: the request, the hits and what was not scanned.
import type { ProblemInfo } from './archive';
import type { VmaRef } from './forensics';

/** One rule file as text (read by the host: a path on the CLI, a dropped or opened file in the GUI). */
export interface YaraRuleFile {
  name: string;
  text: string;
}

export interface YaraRequest {
  /** The starter rules shipped with the app (resources/yara-rules). */
  bundled: boolean;
  files: YaraRuleFile[];
}

/** A rule compile error (or warning) at its place in its file; line and column are 1-based. */
export interface YaraCompileError {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface YaraStringMatch {
  /** The pattern's name in the rule ($a). */
  identifier: string;
  /** A memory address (memory hits) or an offset in the file. */
  address: number;
  length: number;
  /** The first bytes matched, hex (at most YARA_MATCH_PREVIEW bytes). */
  data: string;
}

interface HitBase {
  rule: string;
  /** The rule file the rule is in. */
  ruleFile: string;
  tags: string[];
  /** The first matched byte (memory address or file offset); the unit's start when the rule matched no string. */
  address: number;
  strings: YaraStringMatch[];
  /** Matches of the rule's strings in all, beyond `strings` when capped. */
  stringCount: number;
}

export interface YaraMemoryHit extends HitBase {
  target: 'memory';
  pid: number;
  comm: string;
  vma: VmaRef;
}

export interface YaraFileHit extends HitBase {
  target: 'rootfs' | 'recovered';
  path: string;
}

export type YaraHit = YaraMemoryHit | YaraFileHit;

export interface YaraScanned {
  processes: number;
  vmas: number;
  memoryBytes: number;
  /** Bytes of VMAs whose pages are not in the checkpoint (never touched, or file pages CRIU left out): not scanned. */
  notInCheckpointBytes: number;
  files: number;
  fileBytes: number;
}

export interface YaraReport {
  /** Rule files compiled, in order, and the rules they hold. */
  ruleFiles: string[];
  rules: number;
  /** Non-empty: nothing was scanned. */
  compileErrors: YaraCompileError[];
  warnings: YaraCompileError[];
  hits: YaraHit[];
  /** More hits than YARA_MAX_HITS were found; the rest are left out. */
  truncated: boolean;
  scanned: YaraScanned;
  /** What could not be scanned (unreadable images and files, the deadline). */
  problems: ProblemInfo[];
  complete: boolean;
  elapsedMs: number;
}
