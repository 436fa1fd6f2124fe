// checkpointctl's value formats, one formatter for the CLI's JSON and tree:
// go-crit's file names and socket buffers, Go's times, container facts.
import { describe, expect, it } from 'vitest';
import {
  containerNameText,
  createdText,
  networkNodes,
  openFileNode,
  socketNode,
  socketTreeLabel,
} from '../../../electron/cli/format/checkpointctl-values';
import { byteToString, countBytes, rfc3339, rfc822 } from '../../../electron/cli/format/units';
import { podmanNetwork } from '../../../electron/inspect/container-facts';
import { critFilePath } from '../../../electron/inspect/crit-file-path';
import type { SocketDetail } from '../../../electron/inspect/sockets';

/** The fixture's listening httpd socket (fields in the order checkpointctl prints them), changed by `over`. */
const socket = (over: Partial<SocketDetail>): SocketDetail => ({
  protocol: 'TCP',
  state: 'LISTEN',
  localAddress: '::',
  localPort: 8080,
  remoteAddress: '::',
  remotePort: 0,
  sendBuffer: 16 * 1024,
  recvBuffer: 128 * 1024,
  family: 'AF_INET6',
  type: 'STREAM',
  pid: 6,
  comm: 'httpd',
  fd: 0,
  sendQueue: null,
  recvQueue: null,
  path: null,
  ...over,
});

describe('sizes and times as checkpointctl prints them', () => {
  it('socket buffers in go-crit units (KB), archive sizes in ByteToString units (KiB)', () => {
    expect(countBytes(16384)).toBe('16.0 KB');
    expect(countBytes(131072)).toBe('128.0 KB');
    expect(countBytes(212992)).toBe('208.0 KB');
    expect(countBytes(3 * 1024 ** 2)).toBe('3.0 MB');
    expect(countBytes(900)).toBe('900 B');
    expect(byteToString(16384)).toBe('16.0 KiB');
  });

  it('keeps the offset a time was written with, "Z" for zero, as Go does on a UTC host', () => {
    expect(rfc3339('2024-01-28T00:10:45.673538606+05:30')).toBe('2024-01-28T00:10:45+05:30');
    expect(rfc3339('2024-01-27T14:45:26.083444055+00:00')).toBe('2024-01-27T14:45:26Z');
    expect(rfc822('2024-01-28T00:10:45.673538606+05:30')).toBe('28 Jan 24 00:10 +0530');
    expect(rfc822('2024-01-27T14:45:26Z')).toBe('27 Jan 24 14:45 UTC');
    // No checkpoint time: Go's zero time, as checkpointctl list prints it.
    expect(rfc822(null)).toBe('01 Jan 01 00:00 UTC');
  });

  it("writes Go zero time for an empty Created, and CRI-O's Created annotation as it is", () => {
    const crio = { 'io.kubernetes.cri-o.Created': '2024-02-09T11:01:26.186815191Z' };
    expect(createdText({ createdAt: null, engine: 'podman', annotations: {} })).toBe('0001-01-01T00:00:00Z');
    expect(createdText({ createdAt: null, engine: 'containerd', annotations: {} })).toBe('0001-01-01T00:00:00Z');
    expect(createdText({ createdAt: '2024-01-01T00:00:00Z', engine: 'cri-o', annotations: {} })).toBe('');
    expect(createdText({ createdAt: null, engine: 'cri-o', annotations: crio })).toBe('2024-02-09T11:01:26.186815191Z');
    expect(createdText({ createdAt: '2026-11-30T04:32:24.5Z', engine: 'containerd', annotations: {} })).toBe(
      '2026-11-30T04:32:24Z',
    );
  });

  it("names the container as checkpointctl: Podman's config name, containerd's CRI annotation only", () => {
    const annotations = { 'io.kubernetes.cri.container-name': 'web' };
    expect(containerNameText({ containerName: 'cfg', engine: 'podman', annotations })).toBe('cfg');
    expect(containerNameText({ containerName: 'cfg', engine: 'containerd', annotations })).toBe('web');
    expect(containerNameText({ containerName: 'cfg', engine: 'containerd', annotations: {} })).toBe('');
  });
});

describe("go-crit's names for open files", () => {
  const file = (type: string, payload: Record<string, unknown>) => ({ id: 7, type, payload });
  it('names regular files by path, pipes by pipe id, UNIX sockets by inode, peer and name, the rest TYPE.id', () => {
    expect(critFilePath('REG', 7, file('REG', { name: '/dev/null' }))).toBe('/dev/null');
    expect(critFilePath('REG', 7, undefined)).toBe('unknown');
    expect(critFilePath('REG', 7, file('PIPE', { pipe_id: 1 }))).toBe('unknown');
    expect(critFilePath('PIPE', 7, file('PIPE', { pipe_id: 33010 }))).toBe('pipe[33010]');
    expect(critFilePath('PIPE', 7, undefined)).toBe('pipe[?]');
    expect(critFilePath('UNIXSK', 7, file('UNIXSK', { ino: 5, peer: 9, name: Buffer.from('/run/s') }))).toBe(
      'unix[5 (9) /run/s]',
    );
    expect(critFilePath('UNIXSK', 7, undefined)).toBe('unix[?]');
    expect(critFilePath('INETSK', 8, file('INETSK', { ino: 33106 }))).toBe('INETSK.8');
    expect(critFilePath('EVENTFD', 12, file('EVENTFD', {}))).toBe('EVENTFD.12');
  });

  it('writes the descriptor as "TYPE N" and takes the go-crit name for the path', () => {
    expect(openFileNode({ type: 'PIPE', fd: 1, path: 'pipe:[33010]', critPath: 'pipe[33010]' })).toEqual({
      type: 'PIPE',
      fd: 'PIPE 1',
      path: 'pipe[33010]',
    });
  });
});

describe("sockets as checkpointctl's JSON and tree", () => {
  it('writes a TCP socket with go-crit state names, ports and KB buffers; zero ports left out as Go omits them', () => {
    const node = socketNode(socket({}));
    expect(node).toEqual({
      protocol: 'TCP',
      data: {
        type: 'TCP',
        state: 'LISTEN',
        src: '::',
        src_port: 8080,
        dst: '::',
        send_buf: '16.0 KB',
        recv_buf: '128.0 KB',
      },
    });
    expect(socketTreeLabel(node)).toEqual({ meta: 'TCP (LISTEN)', text: ':::8080 -> :::0 (↑ 16.0 KB ↓ 128.0 KB)' });
    expect(socketNode(socket({ state: 'SYN_RECV' })).data.state).toBe('SYN_RECEIVED');
    expect(socketNode(socket({ state: 'FIN_WAIT1' })).data.state).toBe('FIN_WAIT_1');
  });

  it('writes a UNIX socket as type UNIX with its address, and no protocol', () => {
    const node = socketNode(socket({ family: 'AF_UNIX', protocol: '', type: 'DGRAM', path: '/dev/log' }));
    expect(node.protocol).toBeUndefined();
    expect(node.data).toEqual({ type: 'UNIX', address: '/dev/log' });
    expect(socketTreeLabel(node)).toEqual({ meta: 'UNIX (DGRAM)', text: '/dev/log' });
  });

  it("names protocols from go-crit's table only (netlink numbers looked up in it, packet ethertypes not)", () => {
    expect(socketNode(socket({ family: 'AF_NETLINK', protocol: 'NETLINK_ROUTE' })).protocol).toBeUndefined();
    expect(socketNode(socket({ family: 'AF_NETLINK', protocol: 'NETLINK_XFRM' })).protocol).toBe('TCP');
    expect(socketNode(socket({ family: 'AF_PACKET', protocol: '0x0003' }))).toEqual({
      data: { send_buf: '16.0 KB', recv_buf: '128.0 KB' },
    });
    expect(socketNode(socket({ protocol: 'IP' })).protocol).toBeUndefined();
  });
});

describe('Podman networks (network.status)', () => {
  const multi = {
    net2: { interfaces: { eth1: { subnets: [{ ipnet: '10.89.1.2/24', gateway: '10.89.1.1' }], mac_address: 'm2' } } },
    net1: { interfaces: { eth0: { subnets: [{ ipnet: '10.89.0.2/24', gateway: '10.89.0.1' }], mac_address: 'm1' } } },
  };

  it('keeps every network and interface, sorted by name, with prefixes and gateways', () => {
    const n = podmanNetwork(multi);
    expect(n.ip).toBe('10.89.0.2, 10.89.1.2');
    expect(n.mac).toBe('m1, m2');
    expect(networkNodes(n.networks)).toEqual([
      { name: 'net1', interfaces: { eth0: { ip: '10.89.0.2/24', mac: 'm1', gateway: '10.89.0.1' } } },
      { name: 'net2', interfaces: { eth1: { ip: '10.89.1.2/24', mac: 'm2', gateway: '10.89.1.1' } } },
    ]);
  });

  it('gives an interface its last subnet with an address and gateway, and every address to the IP list', () => {
    const n = podmanNetwork({
      podman: {
        interfaces: {
          eth0: {
            subnets: [
              { ipnet: '10.88.0.9/16', gateway: '10.88.0.1' },
              { ipnet: 'fd00::9/64', gateway: '' },
            ],
          },
          eth1: {},
        },
      },
    });
    expect(n.ip).toBe('10.88.0.9, fd00::9');
    expect(n.mac).toBeNull();
    expect(networkNodes(n.networks)).toEqual([
      { name: 'podman', interfaces: { eth0: { ip: 'fd00::9/64', gateway: '10.88.0.1' }, eth1: {} } },
    ]);
  });
});
