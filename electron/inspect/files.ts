import type { FileRow, ProblemInfo } from '../../shared/dto';
import { critFilePath } from './crit-file-path';
import { numField, strField } from './crit-values';
import type { Fdinfo, FileObject, FileTable } from './file-table';
import { openFlagNames } from './open-flags';
import { ListedProblems } from './listed-problems';
import { unixName } from './net-names';
import { RowBudget } from './row-budget';

export interface ProcessFds {
  pid: number;
  comm: string;
  fds: readonly Fdinfo[];
}

const ANON: Readonly<Record<string, string>> = {
  EVENTFD: 'anon_inode:[eventfd]',
  EVENTPOLL: 'anon_inode:[eventpoll]',
  SIGNALFD: 'anon_inode:[signalfd]',
  INOTIFY: 'anon_inode:inotify',
  FANOTIFY: 'anon_inode:[fanotify]',
  TIMERFD: 'anon_inode:[timerfd]',
  BPFMAP: 'anon_inode:bpf-map',
  PIDFD: 'anon_inode:[pidfd]',
  TUNF: '/dev/net/tun',
};

/** What /proc/PID/fd/N would point at, as far as the images tell. */
export function filePath(file: FileObject | undefined, table: FileTable): string {
  if (!file) return '';
  const p = file.payload;
  switch (file.type) {
    case 'REG':
      return strField(p, 'name') ?? '';
    case 'PIPE':
      return `pipe:[${numField(p, 'pipe_id') ?? '?'}]`;
    case 'FIFO':
      return table.regName(numField(p, 'regf_id')) ?? `fifo:[${numField(p, 'pipe_id') ?? '?'}]`;
    case 'INETSK':
    case 'PACKETSK':
    case 'NETLINKSK':
      return `socket:[${numField(p, 'ino') ?? '?'}]`;
    case 'UNIXSK': {
      const name = unixName(p);
      return name ? name : `socket:[${numField(p, 'ino') ?? '?'}]`;
    }
    case 'TTY':
      return table.regName(numField(p, 'regf_id')) ?? 'tty';
    case 'MEMFD':
      return `/memfd:${strField(p, 'name') ?? numField(p, 'inode_id') ?? ''}`;
    case 'NS':
      return `ns:[${numField(p, 'ns_id') ?? '?'}]`;
    default:
      return ANON[file.type] ?? file.type.toLowerCase();
  }
}

/** The part of a row that depends only on the file entry, built once per file id. */
interface FileFacts {
  type: string;
  path: string;
  flags: number;
  position: number | null;
}

/**
 * One row per open descriptor of every process, within the RowBudget. Each
 * file entry's path is built once, however many descriptors name it. A
 * descriptor naming an id files.img does not hold is a row of its own type
 * with no path, and a problem.
 */
export function fileRows(processes: readonly ProcessFds[], table: FileTable, problems: ProblemInfo[] = []): FileRow[] {
  const rows: FileRow[] = [];
  const budget = new RowBudget('files');
  const dangling = new ListedProblems();
  const facts = new Map<number, FileFacts | null>();
  const factsOf = (id: number): FileFacts | null => {
    let f = facts.get(id);
    if (f === undefined) {
      const file = table.get(id);
      f = file
        ? {
            type: file.type,
            path: filePath(file, table),
            flags: numField(file.payload, 'flags') ?? 0,
            position: file.type === 'REG' || file.type === 'MEMFD' ? numField(file.payload, 'pos') : null,
          }
        : null;
      facts.set(id, f);
    }
    return f;
  };
  for (const proc of processes) {
    for (const fd of proc.fds) {
      const f = factsOf(fd.id);
      if (!f)
        dangling.add(
          'descriptors naming no file entry',
          () => `pid ${proc.pid} fd ${fd.fd} names file id ${fd.id}, which files.img does not hold`,
        );
      const critPath = critFilePath(fd.type, fd.id, table.get(fd.id));
      // Both names go out with the row, so both count against the view's bound.
      if (!budget.take((f?.path.length ?? 0) + critPath.length)) continue;
      rows.push({
        pid: proc.pid,
        comm: proc.comm,
        fd: fd.fd,
        type: f?.type ?? fd.type,
        path: f?.path ?? '',
        flags: openFlagNames(f?.flags ?? 0, (fd.flags & 1) === 1),
        position: f?.position ?? null,
        critPath,
      });
    }
  }
  const where = 'checkpoint/files.img';
  problems.push(
    ...dangling.lines().map((message) => ({ where, code: 'IMAGE_CORRUPT' as const, message })),
    ...budget.problems(where),
  );
  return rows;
}
