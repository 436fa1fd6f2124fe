import type { ProblemInfo } from './archive';

/** Where a timeline time was read. */
export type TimelineSource =
  'container' | 'checkpoint' | 'archive' | 'rootfs' | 'ghost-file' | 'dump-log' | 'container-log' | 'stats' | 'timer';

export interface TimelineEvent {
  /** UTC, ISO 8601, with as many fraction digits as the source holds (0, 3, 6 or 9). */
  time: string;
  /** The same instant in the inspecting machine's zone, with its offset. */
  local: string;
  /** Microseconds since the epoch: the sort key. */
  epochUs: number;
  /** Signed milliseconds from the checkpoint time (negative: before it); null without a checkpoint time. */
  relativeMs: number | null;
  /** e.g. "3m 11.307s before checkpoint". */
  relative: string | null;
  source: TimelineSource;
  /** The archive member the time was read from. */
  member: string;
  /** The field, line or entry within it. */
  field: string;
  /** What happened, in plain words. */
  label: string;
  /** True when the time is computed (e.g. a duration ending at the checkpoint time), not read. */
  derived: boolean;
}

export interface Timeline {
  /** Sorted by time; ties keep the order the source lists them in. */
  events: TimelineEvent[];
  /** The checkpoint time every `relative` is measured from, ISO UTC, or null. */
  anchor: string | null;
  /** The zone `local` is in (IANA name). */
  zone: string;
  /** Plain statements about what the archive cannot tell (e.g. that CRIU records no process start times). */
  notes: string[];
  problems: ProblemInfo[];
}

/** One named value of provenance (a stats field, an inventory field). */
export interface ProvenanceField {
  /** The name CRIU gives it (e.g. freezing_time). */
  key: string;
  /** In words. */
  label: string;
  value: number | string | boolean | null;
  unit: string | null;
  /** The value as shown, with its unit; "not recorded" when absent. */
  text: string;
}

export interface ProvenanceImage {
  name: string;
  size: number;
  /** e.g. "AMD GPU plugin image", or "not known to this inspector". */
  kind: string;
}

export interface Provenance {
  /** Every field of dump_stats_entry (absent ones as "not recorded"); null without stats-dump. */
  dumpStats: ProvenanceField[] | null;
  /** restore_stats_entry, when the archive holds restore stats. */
  restoreStats: ProvenanceField[] | null;
  /** inventory.img, field by field; null without it. */
  inventory: ProvenanceField[] | null;
  criuVersion: string | null;
  /** CRIU's "Running on" line of dump.log. */
  kernel: string | null;
  /** CRIU run ids named in dump.log (one per log opening). */
  runIds: string[];
  /** dump.log's set-up lines: how CRIU was run and with which settings (it writes no command line). */
  criuSettings: string[];
  /** Who wrote the archive, from checkpoint-inspector.json when present. */
  writer: string | null;
  /** GPU plugin images and other images this inspector does not know. */
  pluginImages: ProvenanceImage[];
  problems: ProblemInfo[];
}
