// A container CRIU cannot dump: two busybox nc processes joined by an
// established TCP connection on the host's network (CRIU refuses an
// established connection unless told --tcp-established, which a checkpoint
// that leaves the container running must not use). Made with ctr in the
// `default` namespace under the testbed's cgroup parent; named by the caller.
// Plain Node only (no app code): the e2e specs use it too.
import { readFile } from 'node:fs/promises';
import { ctr } from '../../testbed/ns-exec';
import type { TestbedState } from '../../testbed/state';

async function until(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

export interface UndumpableWorkload {
  containerId: string;
  namespace: 'default';
  port: number;
  remove(): Promise<void>;
}

/** Whether some socket in the host's network namespace is an established connection to `port`. */
async function established(port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    // columns: sl local rem st ...; st 01 is ESTABLISHED
    if (rows.some((r) => r.trim().split(/\s+/)[2]?.endsWith(`:${hex}`) && r.trim().split(/\s+/)[3] === '01'))
      return true;
  }
  return false;
}

export async function startUndumpable(tb: TestbedState, name: string): Promise<UndumpableWorkload> {
  const pid = tb.pids.containerd;
  const port = 20_000 + (process.pid % 20_000);
  const remove = async () => {
    await ctr(pid, 'default', ['tasks', 'kill', '-s', 'KILL', name]).catch(() => '');
    await until(async () => !(await ctr(pid, 'default', ['tasks', 'ls']).catch(() => '')).includes(name), 5000);
    await ctr(pid, 'default', ['tasks', 'delete', '-f', name]).catch(() => '');
    await ctr(pid, 'default', ['containers', 'delete', name]).catch(() => '');
  };
  await remove();
  // Each nc reads a stdin that never ends, so neither hangs up.
  const forever = '(while :; do sleep 3600; done)';
  const script = `${forever} | nc -l -p ${port} >/dev/null & sleep 1; ${forever} | nc 127.0.0.1 ${port} >/dev/null & while :; do sleep 3600; done`;
  await ctr(pid, 'default', [
    'run',
    '-d',
    '--net-host',
    '--label',
    'checkpoint-inspector/testbed=true',
    '--cgroup',
    `/${tb.cgroupParent}/${name}`,
    tb.image,
    name,
    '/bin/sh',
    '-c',
    script,
  ]);
  if (!(await until(() => established(port), 20_000)))
    throw new Error(`${name}: no established TCP connection on port ${port}`);
  return { containerId: name, namespace: 'default', port, remove };
}
