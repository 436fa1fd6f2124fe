import { enumName, field, num, numField, obj, strField, type Entry } from './crit-values';

export const FD_TYPES: Readonly<Record<number, string>> = {
  0: 'UND',
  1: 'REG',
  2: 'PIPE',
  3: 'FIFO',
  4: 'INETSK',
  5: 'UNIXSK',
  6: 'EVENTFD',
  7: 'EVENTPOLL',
  8: 'INOTIFY',
  9: 'SIGNALFD',
  10: 'PACKETSK',
  11: 'TTY',
  12: 'FANOTIFY',
  13: 'NETLINKSK',
  14: 'NS',
  15: 'TUNF',
  16: 'EXT',
  17: 'TIMERFD',
  18: 'MEMFD',
  19: 'BPFMAP',
  20: 'PIDFD',
};

/** The file_entry field holding each type's payload. */
const PAYLOAD: Readonly<Record<string, string>> = {
  REG: 'reg',
  INETSK: 'isk',
  NS: 'nsf',
  PACKETSK: 'psk',
  NETLINKSK: 'nlsk',
  EVENTFD: 'efd',
  EVENTPOLL: 'epfd',
  SIGNALFD: 'sgfd',
  TUNF: 'tunf',
  TIMERFD: 'tfd',
  INOTIFY: 'ify',
  FANOTIFY: 'ffy',
  EXT: 'ext',
  UNIXSK: 'usk',
  FIFO: 'fifo',
  PIPE: 'pipe',
  TTY: 'tty',
  MEMFD: 'memfd',
  BPFMAP: 'bpf',
  PIDFD: 'pidfd',
};

export interface FileObject {
  id: number;
  type: string;
  payload: Entry | null;
}

/** files.img: every open file object of the dump, by id. */
export class FileTable {
  private readonly byId = new Map<number, FileObject>();

  constructor(entries: readonly unknown[]) {
    for (const entry of entries) {
      const type = enumName(field(entry, 'type'), FD_TYPES) ?? 'UND';
      const id = numField(entry, 'id');
      if (id === null) continue;
      const payload = obj(field(entry, PAYLOAD[type] ?? '')) ?? null;
      if (!this.byId.has(id)) this.byId.set(id, { id, type, payload });
    }
  }

  get(id: number | null): FileObject | undefined {
    return id === null ? undefined : this.byId.get(id);
  }

  /** The path of a regular file object (reg_file_entry.name), if the id names one. */
  regName(id: number | null): string | null {
    const f = this.get(id);
    return f && f.type === 'REG' ? strField(f.payload, 'name') : null;
  }

  all(): FileObject[] {
    return [...this.byId.values()];
  }
}

export interface Fdinfo {
  fd: number;
  id: number;
  type: string;
  flags: number;
}

export function parseFdinfo(entries: readonly unknown[]): Fdinfo[] {
  const out: Fdinfo[] = [];
  for (const entry of entries) {
    const fd = numField(entry, 'fd');
    const id = numField(entry, 'id');
    if (fd === null || id === null) continue;
    out.push({
      fd,
      id,
      type: enumName(field(entry, 'type'), FD_TYPES) ?? 'UND',
      flags: num(field(entry, 'flags')) ?? 0,
    });
  }
  return out.sort((a, b) => a.fd - b.fd);
}
