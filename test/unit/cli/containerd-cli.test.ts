import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../shared/dto/containerd';
import { findContainer } from '../../../electron/cli/commands/checkpoint';
import { formatTable } from '../../../electron/cli/commands/containers';
import { CliUsageError } from '../../../electron/cli/exit-codes';
import { runCli } from '../../../electron/cli/main';
import type { ContainerdClient } from '../../../electron/containerd';

const info = (over: Partial<ContainerInfo>): ContainerInfo => ({
  namespace: 'k8s.io',
  id: 'a'.repeat(64),
  name: 'web',
  podName: 'web',
  podNamespace: 'testbed',
  containerName: 'web',
  image: 'busybox:1',
  runtime: 'io.containerd.runc.v2',
  labels: {},
  createdAt: null,
  status: 'running',
  exitCode: null,
  exitedAt: null,
  statusSource: 'cri',
  pid: 42,
  cri: true,
  sandbox: false,
  sandboxId: null,
  ...over,
});

const fakeClient = (list: ContainerInfo[]) =>
  ({
    listContainers: (ns?: string[]) => Promise.resolve(ns ? list.filter((c) => ns.includes(c.namespace)) : list),
  }) as unknown as ContainerdClient;

describe('containers table', () => {
  it('shows namespace, name, pod, status, pid, image and a short id', () => {
    const lines = formatTable([
      info({}),
      info({ namespace: 'default', id: 'plain', name: 'plain', podName: null, pid: null, image: '' }),
    ]).split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE +NAME +POD +STATUS +PID +IMAGE +ID$/);
    expect(lines[1]).toMatch(/^k8s\.io +web +testbed\/web +running +42 +busybox:1 +a{12}$/);
    expect(lines[2]).toMatch(/^default +plain +- +running +- +- +plain$/);
  });
});

describe('finding the container to checkpoint', () => {
  const list = [
    info({}),
    info({ id: 'b'.repeat(64), name: 'db', podName: 'db' }),
    info({ namespace: 'default', id: 'abc', name: 'x' }),
  ];
  it('by id, unique prefix or name, within a namespace when given', async () => {
    expect((await findContainer(fakeClient(list), 'bbbb')).name).toBe('db');
    expect((await findContainer(fakeClient(list), 'db')).id).toBe('b'.repeat(64));
    expect((await findContainer(fakeClient(list), 'abc')).namespace).toBe('default');
    expect((await findContainer(fakeClient(list), 'a', 'k8s.io')).name).toBe('web');
  });
  it('says when nothing or several match', async () => {
    await expect(findContainer(fakeClient(list), 'zzz')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(findContainer(fakeClient(list), 'a')).rejects.toBeInstanceOf(CliUsageError);
  });
});

describe('usage errors exit 2 before any connection', () => {
  it('for bad options and arguments', async () => {
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      for (const args of [
        ['checkpoint'],
        ['checkpoint', 'x', '--via', 'nope'],
        ['checkpoint', 'x', '--timeout', '-1'],
        ['checkpoint', 'x', '--bogus'],
        ['containers', '--format', 'xml'],
        ['containers', 'extra'],
      ]) {
        expect(await runCli([...args, '--address', '/nonexistent/containerd.sock']), args.join(' ')).toBe(2);
      }
    } finally {
      process.stderr.write = write;
    }
  });
});
