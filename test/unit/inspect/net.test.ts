import { describe, expect, it } from 'vitest';
import { FileTable, parseFdinfo } from '../../../electron/inspect/file-table';
import { fileRows } from '../../../electron/inspect/files';
import { inetAddress, unixName } from '../../../electron/inspect/net-names';
import { openFlagNames } from '../../../electron/inspect/open-flags';
import { socketRows } from '../../../electron/inspect/sockets';

describe('addresses', () => {
  it('reads crit uint32 words as kernel byte order', () => {
    expect(inetAddress([16777343], 'AF_INET')).toBe('127.0.0.1');
    expect(inetAddress([0, 0, 0, 0], 'AF_INET6')).toBe('::');
    expect(inetAddress([0, 0, 0, 16777216], 'AF_INET6')).toBe('::1');
    expect(inetAddress([0, 0, 4294901760, 16777343], 'AF_INET6')).toBe('::ffff:127.0.0.1');
    expect(inetAddress([0xb80d0120, 0, 0, 0x01000000], 'AF_INET6')).toBe('2001:db8::1');
    expect(inetAddress('10.0.0.1', 'AF_INET')).toBe('10.0.0.1');
  });

  it('names UNIX sockets: path, abstract, unbound', () => {
    expect(unixName({ name: Buffer.from('/run/app.sock') })).toBe('/run/app.sock');
    expect(unixName({ name: Buffer.from('\0hidden') })).toBe('@hidden');
    expect(unixName({ name: Buffer.from('L3RtcC94', 'utf8').toString() })).toBe('/tmp/x');
    expect(unixName({})).toBe('');
  });
});

const files = new FileTable([
  { type: 'REG', id: 1, reg: { id: 1, flags: 0o102001, pos: 24, name: '/data/log.txt' } },
  {
    type: 'INETSK',
    id: 2,
    isk: {
      id: 2,
      ino: 99,
      family: 10,
      type: 1,
      proto: 6,
      state: 10,
      src_port: 8080,
      dst_port: 0,
      src_addr: [0, 0, 0, 0],
      dst_addr: [0, 0, 0, 0],
      opts: { so_sndbuf: 16384, so_rcvbuf: 131072 },
    },
  },
  { type: 'UNIXSK', id: 3, usk: { id: 3, ino: 7, type: 2, state: 7, name: Buffer.from('/dev/log') } },
  { type: 'PIPE', id: 4, pipe: { id: 4, pipe_id: 555, flags: 1 } },
  { type: 'EVENTFD', id: 5, efd: { id: 5, flags: 0o4000 } },
  { type: 4, id: 6, isk: { id: 6, family: 2, type: 2, proto: 17, state: 7, src_port: 53, src_addr: [16777343] } },
]);
const fds = parseFdinfo([
  { id: 2, flags: 0, type: 'INETSK', fd: 3 },
  { id: 1, flags: 1, type: 'REG', fd: 0 },
  { id: 3, flags: 0, type: 'UNIXSK', fd: 4 },
  { id: 4, flags: 0, type: 'PIPE', fd: 1 },
  { id: 5, flags: 0, type: 'EVENTFD', fd: 5 },
  { id: 6, flags: 0, type: 'INETSK', fd: 6 },
  { id: 77, flags: 0, type: 'REG', fd: 7 },
]);

describe('files and sockets of a descriptor table', () => {
  it('lists descriptors in fd order with paths, flags and positions', () => {
    const rows = fileRows([{ pid: 6, comm: 'httpd', fds }], files);
    expect(rows.map((r) => [r.fd, r.type, r.path])).toEqual([
      [0, 'REG', '/data/log.txt'],
      [1, 'PIPE', 'pipe:[555]'],
      [3, 'INETSK', 'socket:[99]'],
      [4, 'UNIXSK', '/dev/log'],
      [5, 'EVENTFD', 'anon_inode:[eventfd]'],
      [6, 'INETSK', 'socket:[?]'],
      [7, 'REG', ''],
    ]);
    expect(rows[0]).toMatchObject({ flags: 'O_WRONLY|O_APPEND|O_LARGEFILE|O_CLOEXEC', position: 24 });
    expect(rows[1]?.position).toBeNull();
  });

  it('describes inet and unix sockets', () => {
    const rows = socketRows([{ pid: 6, comm: 'httpd', fds }], files);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      fd: 3,
      family: 'AF_INET6',
      protocol: 'TCP',
      type: 'STREAM',
      state: 'LISTEN',
      localAddress: '::',
      localPort: 8080,
      sendBuffer: 16384,
      recvBuffer: 131072,
    });
    expect(rows[1]).toMatchObject({ fd: 4, family: 'AF_UNIX', type: 'DGRAM', state: 'CLOSE', path: '/dev/log' });
    expect(rows[2]).toMatchObject({
      fd: 6,
      family: 'AF_INET',
      protocol: 'UDP',
      localAddress: '127.0.0.1',
      localPort: 53,
    });
  });

  it('names open flags', () => {
    expect(openFlagNames(0)).toBe('O_RDONLY');
    expect(openFlagNames(2 | 0o4010000)).toBe('O_RDWR|O_SYNC');
    expect(openFlagNames(0o10000)).toBe('O_RDONLY|O_DSYNC');
  });
});
