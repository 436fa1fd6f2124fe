// Shapes of the messages we read, as proto-loader hands them over (keepCase,
// longs as numbers, enums as strings, defaults filled in).
export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface AnyMessage {
  type_url: string;
  value: Buffer;
}

export interface Descriptor {
  media_type: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

export interface Mount {
  type: string;
  source: string;
  target: string;
  options: string[];
}

export interface ContainerRecord {
  id: string;
  labels: Record<string, string>;
  image: string;
  runtime: { name: string; options: AnyMessage | null } | null;
  spec: AnyMessage | null;
  snapshotter: string;
  snapshot_key: string;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
  extensions: Record<string, AnyMessage>;
  sandbox: string;
}

export type ProcessStatus = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

export interface ProcessRecord {
  container_id: string;
  id: string;
  pid: number;
  status: ProcessStatus;
  exit_status: number;
  exited_at: Timestamp | null;
}

export interface SnapshotInfo {
  name: string;
  parent: string;
  kind: 'UNKNOWN' | 'VIEW' | 'ACTIVE' | 'COMMITTED';
  labels: Record<string, string>;
}

export interface ImageRecord {
  name: string;
  labels: Record<string, string>;
  target: Descriptor | null;
  created_at?: Timestamp | null;
}

export interface Envelope {
  timestamp: Timestamp | null;
  namespace: string;
  topic: string;
  event: AnyMessage | null;
}

export function timestampToIso(ts: Timestamp | null | undefined): string | null {
  // Go's zero time (year 1) and the epoch both mean unset.
  if (!ts || Number(ts.seconds) <= 0) return null;
  const ms = Number(ts.seconds) * 1000 + Math.floor(Number(ts.nanos) / 1e6);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** RFC 3339 with nanoseconds, as Go's time.Time marshals to JSON (config.dump's createdTime). */
export function timestampToRfc3339Nano(ts: Timestamp | null | undefined): string | null {
  const iso = timestampToIso(ts);
  if (!iso || !ts) return null;
  const nanos = String(Math.trunc(Number(ts.nanos)))
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${iso.slice(0, 19)}${nanos ? `.${nanos}` : ''}Z`;
}
