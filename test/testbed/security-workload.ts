// The security test's pod: sh with a sleep, started like the web pod but with
// CRI's RuntimeDefault seccomp profile and no_new_privs, so that the
// checkpoint holds a real runc/libseccomp filter chain.
import { readFileSync } from 'node:fs';
import { processTree } from './procfs';
import type { CriWorkload, TestbedState } from './state';
import { removeCriPod, runCriPod, until } from './workloads';

export interface SecurityWorkload extends CriWorkload {
  remove(): Promise<void>;
}

/** The five capability sets of a live process as /proc/PID/status prints them (16 hex digits each). */
export function liveCapabilities(
  hostPid: number,
): Record<'CapInh' | 'CapPrm' | 'CapEff' | 'CapBnd' | 'CapAmb', string> {
  const status = readFileSync(`/proc/${hostPid}/status`, 'utf8').split('\n');
  const get = (name: string) => {
    const line = status.find((l) => l.startsWith(`${name}:`));
    if (!line) throw new Error(`/proc/${hostPid}/status has no ${name}`);
    return line.slice(name.length + 1).trim();
  };
  return {
    CapInh: get('CapInh'),
    CapPrm: get('CapPrm'),
    CapEff: get('CapEff'),
    CapBnd: get('CapBnd'),
    CapAmb: get('CapAmb'),
  };
}

/** Seccomp and NoNewPrivs of a live process (/proc/PID/status). */
export function liveSeccomp(hostPid: number): { seccomp: string; noNewPrivs: string } {
  const status = readFileSync(`/proc/${hostPid}/status`, 'utf8').split('\n');
  const get = (name: string) =>
    status
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  return { seccomp: get('Seccomp'), noNewPrivs: get('NoNewPrivs') };
}

/** Starts pod `name` (sh -> sleep) with seccomp RuntimeDefault; resolves once the sleep runs. */
export async function startSecurityWorkload(tb: TestbedState, name: string): Promise<SecurityWorkload> {
  const base = await runCriPod(tb.socket, {
    cgroupParent: tb.cgroupParent,
    podName: name,
    podLabels: { app: 'security' },
    containerName: 'confined',
    containerLabels: { app: 'security' },
    image: tb.image,
    command: ['/bin/sh', '-c', 'while :; do /bin/sleep 3600; done'],
    securityContext: { seccomp: { profileType: 'RuntimeDefault' }, noNewPrivs: true },
  });
  await until(`${name}: sh and sleep`, 60_000, () =>
    Promise.resolve(processTree(base.hostPid).some((p) => p.comm === 'sleep') ? true : undefined),
  );
  return { ...base, remove: () => removeCriPod(tb.socket, name) };
}
