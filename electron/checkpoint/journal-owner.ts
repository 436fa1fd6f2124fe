// Who owns a checkpoint in progress: a process, told apart from a later one
// with the same pid by its start time (clock ticks since boot) and the boot's
// id, so that neither a recycled pid nor a reboot makes a dead owner look alive.
import { readFileSync } from 'node:fs';

export interface ProcessOwner {
  pid: number;
  /** Field 22 of /proc/PID/stat, or null where there is no /proc. */
  startTicks: number | null;
  /** /proc/sys/kernel/random/boot_id, or null. */
  bootId: string | null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Start time of a process, or null when it does not exist (or has no /proc). */
export function processStartTicks(pid: number, proc = '/proc'): number | null {
  const stat = readOrNull(`${proc}/${pid}/stat`);
  if (stat === null) return null;
  // comm (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (after[0] === 'Z' || after[0] === 'X') return null; // dead, not yet reaped
  const ticks = Number(after[19]);
  return Number.isFinite(ticks) ? ticks : null;
}

export function bootId(proc = '/proc'): string | null {
  return readOrNull(`${proc}/sys/kernel/random/boot_id`)?.trim() || null;
}

let self: ProcessOwner | null = null;

export function currentOwner(): ProcessOwner {
  self ??= { pid: process.pid, startTicks: processStartTicks(process.pid), bootId: bootId() };
  return self;
}

/** One label value for the lease: boot, pid and start time. */
export function ownerLabel(owner: ProcessOwner = currentOwner()): string {
  return `${owner.bootId ?? '-'}/${owner.pid}/${owner.startTicks ?? '-'}`;
}

export function parseOwnerLabel(value: string): ProcessOwner | null {
  const m = /^([^/]+)\/(\d+)\/(\d+|-)$/.exec(value);
  if (!m) return null;
  return {
    bootId: m[1] === '-' ? null : m[1]!,
    pid: Number(m[2]),
    startTicks: m[3] === '-' ? null : Number(m[3]),
  };
}

/**
 * Whether the owner is still running. Unknown start times (no /proc) count as
 * alive while the pid exists: better to leave a leftover than to undo a live
 * checkpoint.
 */
export function ownerAlive(owner: ProcessOwner, proc = '/proc'): boolean {
  const boot = bootId(proc);
  if (owner.bootId && boot && owner.bootId !== boot) return false;
  const ticks = processStartTicks(owner.pid, proc);
  if (ticks === null) return false;
  return owner.startTicks === null || ticks === owner.startTicks;
}
