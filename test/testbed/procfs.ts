// Facts about a container's processes, read from the host's /proc.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ProcessFact } from './state.js';

function statusField(pid: number, field: string): string | undefined {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/** ppid of every live process, from /proc/PID/stat */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm may hold spaces and parentheses: fields start after the last ')'
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(rest[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

function fdTable(pid: number): Record<string, string> {
  const fds: Record<string, string> = {};
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds[fd] = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      // closed meanwhile
    }
  }
  return fds;
}

/** The process tree under a container's init (host pid), init first. */
export function processTree(initHostPid: number): ProcessFact[] {
  const parents = parentMap();
  const hostPids = [initHostPid];
  for (let i = 0; i < hostPids.length; i++) {
    for (const [child, parent] of parents) if (parent === hostPids[i]) hostPids.push(child);
  }
  const nsPid = new Map<number, number>();
  for (const hp of hostPids) {
    const ns = (statusField(hp, 'NSpid') ?? String(hp)).split(/\s+/);
    nsPid.set(hp, Number(ns[ns.length - 1]));
  }
  return hostPids
    .map((hp) => ({
      pid: nsPid.get(hp) ?? hp,
      ppid: hp === initHostPid ? 0 : (nsPid.get(parents.get(hp) ?? 0) ?? 0),
      hostPid: hp,
      comm: readFileSync(`/proc/${hp}/comm`, 'utf8').trim(),
      argv: readFileSync(`/proc/${hp}/cmdline`, 'utf8').split('\0').slice(0, -1),
      fds: fdTable(hp),
    }))
    .sort((a, b) => a.pid - b.pid);
}

/** TCP ports in LISTEN state in the network namespace of a process. */
export function listeningTcpPorts(hostPid: number): number[] {
  const ports = new Set<number>();
  for (const file of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${hostPid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const port = cols[1]?.split(':')[1];
      if (cols[3] === '0A' && port) ports.add(parseInt(port, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Environment of a process, from /proc/PID/environ. */
export function environ(hostPid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`/proc/${hostPid}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
