import type { FileRow } from '../../shared/dto';
import { numField, strField } from './crit-values';
import type { Fdinfo, FileObject, FileTable } from './file-table';
import { openFlagNames } from './open-flags';
import { unixName } from './net-names';

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

/** One row per open descriptor of every process. */
export function fileRows(processes: readonly ProcessFds[], table: FileTable): FileRow[] {
  const rows: FileRow[] = [];
  for (const proc of processes) {
    for (const fd of proc.fds) {
      const file = table.get(fd.id);
      const type = file?.type ?? fd.type;
      const flags = numField(file?.payload, 'flags') ?? 0;
      rows.push({
        pid: proc.pid,
        comm: proc.comm,
        fd: fd.fd,
        type,
        path: filePath(file, table),
        flags: openFlagNames(flags, (fd.flags & 1) === 1),
        position: type === 'REG' || type === 'MEMFD' ? numField(file?.payload, 'pos') : null,
      });
    }
  }
  return rows;
}
