import type { ArchiveDiff, JsonChange, MemoryDiff } from '../../../../shared/dto';
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

/**
 * Memory by content: one line per process with a differing page (the panel
 * lists the pages); the counts are pages, every one counted even when the
 * diff lists only the first MAX_MEMORY_DIFF_PAGES.
 */
function memorySection(pages: MemoryDiff): DiffSection {
  const lines = pages.processes
    .filter((p) => p.added + p.removed + p.changed + p.unread > 0 || p.match !== 'both')
    .map((p) =>
      line(
        p.match === 'both' ? 'changed' : p.match,
        `${p.pid} ${p.comm}`,
        `${p.changed} changed, ${p.added} added, ${p.removed} removed page(s)`,
      ),
    );
  return { ...section('memory', 'Memory pages (by content)', lines), ...pick(pages) };
}

const pick = ({ added, removed, changed }: MemoryDiff) => ({ added, removed, changed });

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
    memorySection(diff.pages),
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
