// How an open archive is named in the tab strip, the overflow menu, the
// status bar and the command palette: the container name plus the checkpoint
// time (UTC), or the file name when the archive says no time. Names that would
// still read alike get seconds, then the file name (before the time), then a number.

export interface TitledArchive {
  archiveId: string;
  fileName: string;
  containerName: string | null;
  checkpointedAt: string | null;
}

export interface ArchiveTitle {
  title: string;
  /** The longer description for a tooltip: file, container, time. */
  tooltip: string;
}

/** "2026-12-02 16:40 UTC" (or with seconds); null for a missing or unreadable time. */
export function utcTime(iso: string | null, withSeconds = false): string | null {
  if (!iso) return null;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return null;
  const s = t.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, withSeconds ? 19 : 16)} UTC`;
}

function base(a: TitledArchive, withSeconds: boolean): string {
  const time = utcTime(a.checkpointedAt, withSeconds);
  if (a.containerName && time) return `${a.containerName} · ${time}`;
  if (a.containerName) return `${a.containerName} · ${a.fileName}`;
  return time ? `${a.fileName} · ${time}` : a.fileName;
}

/** The file name early, where a narrow tab still shows it: "web · copy-2.tar · 2026-12-02 16:40:00 UTC". */
function withFileName(a: TitledArchive): string {
  const time = utcTime(a.checkpointedAt, true);
  return [a.containerName, a.fileName, time].filter((x) => x !== null).join(' · ');
}

const repeated = (titles: string[]) => {
  const count = new Map<string, number>();
  for (const t of titles) count.set(t, (count.get(t) ?? 0) + 1);
  return (t: string) => (count.get(t) ?? 0) > 1;
};

/** One title per archive, in the order given; no two alike. */
export function archiveTitles(archives: TitledArchive[]): Map<string, ArchiveTitle> {
  let titles = archives.map((a) => base(a, false));
  let twice = repeated(titles);
  titles = titles.map((t, i) => (twice(t) ? base(archives[i]!, true) : t));
  twice = repeated(titles);
  titles = titles.map((t, i) => (twice(t) ? withFileName(archives[i]!) : t));
  twice = repeated(titles);
  const seen = new Map<string, number>();
  const out = new Map<string, ArchiveTitle>();
  archives.forEach((a, i) => {
    let title = titles[i]!;
    if (twice(title)) {
      const n = (seen.get(title) ?? 0) + 1;
      seen.set(title, n);
      if (n > 1) title = `${title} (${n})`;
    }
    const lines = [
      `File: ${a.fileName}`,
      `Container: ${a.containerName ?? 'not named in the archive'}`,
      `Checkpointed: ${utcTime(a.checkpointedAt, true) ?? 'no time in the archive'}`,
    ];
    out.set(a.archiveId, { title, tooltip: lines.join('\n') });
  });
  return out;
}
