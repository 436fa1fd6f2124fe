import type { ArchiveDiff, JsonChange } from '../../../../shared/dto';
import { formatBytes } from '../../lib/format';

export type Mark = 'added' | 'removed' | 'changed';

export interface DiffLine {
  mark: Mark;
  text: string;
  /** Before -> after, for changes. */
  detail: string | null;
}

export interface DiffSection {
  id: 'processes' | 'files' | 'sockets' | 'memory' | 'rootfs' | 'spec' | 'config';
  label: string;
  added: number;
  removed: number;
  changed: number;
  lines: DiffLine[];
}

const MAX_DETAIL = 200;

function short(value: unknown): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function section(id: DiffSection['id'], label: string, lines: DiffLine[]): DiffSection {
  const count = (mark: Mark) => lines.filter((l) => l.mark === mark).length;
  return { id, label, added: count('added'), removed: count('removed'), changed: count('changed'), lines };
}

const line = (mark: Mark, text: string, detail: string | null = null): DiffLine => ({ mark, text, detail });

function jsonLines(changes: JsonChange[]): DiffLine[] {
  return changes.map((c) =>
    line(
      c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed',
      c.path,
      `${short(c.before)} → ${short(c.after)}`,
    ),
  );
}

/** The diff as sections with counts and one line per difference, in the order the summary shows them. */
export function sectionsOf(diff: ArchiveDiff): DiffSection[] {
  const p = diff.processes;
  const r = diff.rootfs;
  return [
    section('processes', 'Processes', [
      ...p.added.map((x) => line('added', `${x.pid} ${x.comm}`, x.cmdline.join(' '))),
      ...p.removed.map((x) => line('removed', `${x.pid} ${x.comm}`, x.cmdline.join(' '))),
      ...p.changed.map((x) =>
        line(
          'changed',
          `${x.pid} ${x.comm}: ${x.fields.join(', ')}`,
          x.details.map((d) => `${d.field}: ${short(d.before)} → ${short(d.after)}`).join('; '),
        ),
      ),
    ]),
    section('files', 'Open files', [
      ...diff.files.added.map((f) => line('added', `${f.pid} ${f.comm} fd ${f.fd} ${f.type} ${f.path}`)),
      ...diff.files.removed.map((f) => line('removed', `${f.pid} ${f.comm} fd ${f.fd} ${f.type} ${f.path}`)),
    ]),
    section('sockets', 'Sockets', [
      ...diff.sockets.added.map((s) =>
        line('added', `${s.pid} ${s.comm} ${s.protocol} ${s.local} ${s.remote} ${s.state}`),
      ),
      ...diff.sockets.removed.map((s) =>
        line('removed', `${s.pid} ${s.comm} ${s.protocol} ${s.local} ${s.remote} ${s.state}`),
      ),
    ]),
    section(
      'memory',
      'Memory per process',
      diff.memory
        .filter((m) => m.before !== m.after)
        .map((m) =>
          line(
            m.before === null ? 'added' : m.after === null ? 'removed' : 'changed',
            `${m.pid} ${m.comm}`,
            `${formatBytes(m.before)} → ${formatBytes(m.after)}`,
          ),
        ),
    ),
    section('rootfs', 'Root FS entries', [
      ...r.added.map((e) => line('added', e.path, `${e.type} ${formatBytes(e.size)}`)),
      ...r.removed.map((e) => line('removed', e.path, `${e.type} ${formatBytes(e.size)}`)),
      ...r.changed.map((e) => line('changed', e.path, `${e.before} → ${e.after}`)),
    ]),
    section('spec', 'Spec', jsonLines(diff.spec)),
    section('config', 'Config', jsonLines(diff.config)),
  ];
}

export const totalOf = (sections: DiffSection[]) => sections.reduce((n, s) => n + s.added + s.removed + s.changed, 0);
