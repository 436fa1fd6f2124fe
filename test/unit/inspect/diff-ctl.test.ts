// checkpointctl's diff rules (cmd/diff.go computeDiff) on hand-made inspect
// nodes: what is added, removed, modified and unchanged, the socket key, Go's
// omitempty and key order, the summary and Go's %.2f rounding.
import { describe, expect, it } from 'vitest';
import { compareNodes, flattenTree, megabytes2 } from '../../../electron/inspect/diff/ctl-diff';
import type { CtlDiffFlags, CtlNode } from '../../../electron/inspect/diff/ctl-types';

const NONE: CtlDiffFlags = { psTreeCmd: false, psTreeEnv: false, files: false, sockets: false };
const ALL: CtlDiffFlags = { psTreeCmd: true, psTreeEnv: false, files: true, sockets: true };

function node(over: Partial<CtlNode> = {}): CtlNode {
  return { id: 'c1', container_name: 'web', image: 'busybox', created: 'T', checkpoint_size: {}, ...over };
}

const tree = (cmd6: string, extra: number | null = null) => ({
  pid: 1,
  command: 'sh',
  cmdline: 'sh -c x',
  children: [
    { pid: 6, command: 'httpd', cmdline: cmd6 },
    ...(extra === null ? [] : [{ pid: extra, command: 'sleep', cmdline: '' }]),
  ],
});

describe('compareNodes', () => {
  it('matches processes by pid; a changed command line is "modified" only with --ps-tree-cmd', () => {
    const [a, b] = [node({ process_tree: tree('httpd -p 80', 7) }), node({ process_tree: tree('httpd -p 81', 8) })];
    const plain = compareNodes(a, b, NONE).process_changes;
    expect(plain).toEqual({
      added: [{ pid: 8, command: 'sleep' }],
      removed: [{ pid: 7, command: 'sleep' }],
      unchanged: [
        { pid: 1, command: 'sh' },
        { pid: 6, command: 'httpd' },
      ],
    });
    const cmd = compareNodes(a, b, ALL).process_changes;
    expect(cmd.modified).toEqual([{ pid: 6, command: 'httpd', cmdline: 'httpd -p 81' }]);
    // An empty cmdline is left out, as Go's omitempty does.
    expect(cmd.added).toEqual([{ pid: 8, command: 'sleep' }]);
    expect(cmd.unchanged).toEqual([{ pid: 1, command: 'sh', cmdline: 'sh -c x' }]);
  });

  it('no process tree on either side: process_changes is {}, and the summary names only the container', () => {
    const d = compareNodes(node(), node(), NONE);
    expect(d.process_changes).toEqual({});
    expect(d.summary).toBe('Checkpoint comparison for container web');
    expect(Object.keys(d)).toEqual([
      'container_id',
      'container_name',
      'image',
      'checkpoint_a',
      'checkpoint_b',
      'process_changes',
      'memory_changes',
      'summary',
    ]);
  });

  it('files by pid, fd and path; sockets by pid, protocol, type, address, ports and peer (not the local address)', () => {
    const sock = (src: string, port: number) => ({
      protocol: 'TCP',
      data: { type: 'TCP', state: 'ESTABLISHED', src, src_port: port, dst: '10.0.0.1', dst_port: 5000 },
    });
    const a = node({
      file_descriptors: [{ pid: 1, open_files: [{ type: 'REG', fd: 'REG 3', path: '/a' }] }],
      sockets: [{ pid: 1, open_sockets: [sock('127.0.0.1', 4000), { data: { type: 'UNIX', address: '/run/s' } }] }],
    });
    const b = node({
      file_descriptors: [{ pid: 1, open_files: [{ type: 'REG', fd: 'REG 3', path: '/b' }] }],
      sockets: [{ pid: 1, open_sockets: [sock('127.0.0.2', 4000), sock('127.0.0.1', 4001)] }],
    });
    const d = compareNodes(a, b, ALL);
    expect(d.file_changes).toEqual({
      added: [{ path: '/b', type: 'REG', pid: 1, fd: 'REG 3' }],
      removed: [{ path: '/a', type: 'REG', pid: 1, fd: 'REG 3' }],
    });
    // Another local address on the same port is the same socket to checkpointctl.
    expect(d.socket_changes?.unchanged).toEqual([
      {
        pid: 1,
        protocol: 'TCP',
        type: 'TCP',
        state: 'ESTABLISHED',
        source: '127.0.0.2',
        src_port: 4000,
        dest: '10.0.0.1',
        dst_port: 5000,
      },
    ]);
    expect(d.socket_changes?.added?.map((s) => s.src_port)).toEqual([4001]);
    expect(d.socket_changes?.removed).toEqual([{ pid: 1, protocol: '', type: 'UNIX', address: '/run/s' }]);
    expect(d.summary).toBe('Checkpoint comparison for container web\nFiles: +1 -1\nSockets: +1 -1');
    expect(Object.keys(d).indexOf('file_changes')).toBe(Object.keys(d).indexOf('memory_changes') - 1);
    expect(Object.keys(d).indexOf('socket_changes')).toBe(Object.keys(d).indexOf('memory_changes') + 1);
  });

  it('memory: B minus A of memory_pages_size, in bytes and MB, and in the summary with Go’s %+.2f', () => {
    const a = node({ checkpoint_size: { total_size: 10, memory_pages_size: 4096 } });
    const b = node({ checkpoint_size: { total_size: 20, memory_pages_size: 4096 + 128 * 1024 } });
    const up = compareNodes(a, b, NONE);
    expect(up.memory_changes).toEqual({ size_change_bytes: 131072, size_change_mb: 0.125 });
    expect(up.checkpoint_b).toEqual({ created: 'T', total_size: 20 });
    expect(up.summary).toBe('Checkpoint comparison for container web\nMemory: +0.12 MB');
    expect(compareNodes(b, a, NONE).summary).toBe('Checkpoint comparison for container web\nMemory: -0.12 MB');
  });
});

describe('megabytes2 (Go %.2f of bytes/1024/1024)', () => {
  it('rounds half to even on the exact value, otherwise to nearest', () => {
    expect(megabytes2(0)).toBe('0.00');
    expect(megabytes2(128 * 1024)).toBe('0.12'); // 0.125: toFixed would say 0.13
    expect(megabytes2(384 * 1024)).toBe('0.38'); // 0.375
    expect(megabytes2(4096)).toBe('0.00'); // 0.0039
    expect(megabytes2(6 * 1024 * 1024)).toBe('6.00');
    expect(megabytes2(-3 * 1024 * 1024 - 10_486)).toBe('-3.01');
  });
});

describe('flattenTree', () => {
  it('lists parents before children, in tree order, without recursion', () => {
    let deep = { pid: 100_000, command: 'x' } as { pid: number; command: string; children?: unknown[] };
    for (let pid = 99_999; pid >= 1; pid--) deep = { pid, command: 'x', children: [deep] };
    const list = flattenTree(deep as Parameters<typeof flattenTree>[0]);
    expect(list).toHaveLength(100_000);
    expect(list[0]?.pid).toBe(1);
    expect(flattenTree(tree('h', 7)).map((p) => p.pid)).toEqual([1, 6, 7]);
  });
});
