import type { ArchiveDiff, JsonChange, MemoryDiff } from '../../../../shared/dto';
import { valueText, type ChangedPart } from '../../../../shared/diff-text';
import { formatBytes } from '../../lib/format';

export type Mark = 'added' | 'removed' | 'changed';

/** One value before and after, in full, with the part that differs (from the core's DTO). */
export interface ShownChange {
  label: string | null;
  before: string;
  after: string;
  part: ChangedPart | null;
}

export interface DiffLine {
  mark: Mark;
  text: string;
  /** What the line is about beside its name (a command line, a type and size). */
  detail: string | null;
  /** Values before -> after, for changes: never cut. */
  changes: ShownChange[];
}

export interface DiffSection {
  id: 'processes' | 'files' | 'sockets' | 'memory' | 'rootfs' | 'spec' | 'config';
  label: string;
  added: number;
  removed: number;
  changed: number;
  lines: DiffLine[];
}

function section(id: DiffSection['id'], label: string, lines: DiffLine[]): DiffSection {
  const count = (mark: Mark) => lines.filter((l) => l.mark === mark).length;
  return { id, label, added: count('added'), removed: count('removed'), changed: count('changed'), lines };
}

const change = (label: string | null, before: unknown, after: unknown, part: ChangedPart | null): ShownChange => ({
  label,
  before: valueText(before),
  after: valueText(after),
  part,
});

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

const line = (mark: Mark, text: string, detail: string | null = null, changes: ShownChange[] = []): DiffLine => ({
  mark,
  text,
  detail,
  changes,
});

function jsonLines(changes: JsonChange[]): DiffLine[] {
  return changes.map((c) =>
    line(
      c.change,
      c.path,
      c.change === 'added' ? valueText(c.after) : c.change === 'removed' ? valueText(c.before) : null,
      c.change === 'changed' ? [change(null, c.before, c.after, c.mark)] : [],
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
          null,
          x.details.map((d) => change(d.field, d.before, d.after, d.mark)),
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
      ...r.changed.map((e) => line('changed', e.path, null, [change(null, e.before, e.after, null)])),
    ]),
    section('spec', 'Spec', jsonLines(diff.spec)),
    section('config', 'Config', jsonLines(diff.config)),
  ];
}

export const totalOf = (sections: DiffSection[]) => sections.reduce((n, s) => n + s.added + s.removed + s.changed, 0);
