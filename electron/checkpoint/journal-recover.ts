// Finishing a checkpoint whose process died (SIGKILL, power loss): from its
// journal entry, resume the task if we paused it and it is still paused,
// release our leases (the entry's, and any labelled with the entry's id),
// remove the temp files, then drop the entry. Whatever cannot be done now
// (containerd unreachable) leaves the entry for the next start.
import { hostname } from 'node:os';
import { isAppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { getTask } from '../containerd/tasks';
import type { JournalEntry, JournalRecord } from './journal';
import { ownerAlive, parseOwnerLabel } from './journal-owner';
import { removeTemps } from './journal-run';
import { waitForRuncCheckpoint } from './runc-watch';
import { resumeCommand, resumeTask } from './task-control';
import { LEASE_LABEL } from './types';

/** A dump our dead process started may still run in the shim; it ends by itself within the dump's own bound. */
const DUMP_END_WAIT_MS = 10 * 60 * 1000;
const CALL_MS = 10_000;

export interface FinishedEntry {
  entry: JournalEntry;
  /** What was done, in words for the user. */
  actions: string[];
  /** What could not be done now (the entry is kept for the next start), or null. */
  problem: string | null;
}

interface LeaseRecord {
  id: string;
  labels?: Record<string, string>;
}

async function listLeases(client: ContainerdClient, namespace: string, filter?: string): Promise<LeaseRecord[]> {
  const res = await client.rpc.unary<{ leases: LeaseRecord[] }>(
    'leases',
    'List',
    { filters: filter ? [filter] : [] },
    { namespace, timeoutMs: CALL_MS },
  );
  return res.leases;
}

async function deleteLease(client: ContainerdClient, namespace: string, id: string): Promise<boolean> {
  try {
    await client.rpc.unary('leases', 'Delete', { id, sync: true }, { namespace, timeoutMs: 30_000 });
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

export async function finishEntry(record: JournalRecord, client: ContainerdClient): Promise<FinishedEntry> {
  const entry = record.entry;
  const { namespace, containerId: id } = entry;
  const actions: string[] = [];
  const who = `a checkpoint by pid ${entry.owner.pid} started ${entry.startedAt} did not finish`;
  try {
    if (entry.paused) {
      const task = await getTask(client.rpc, namespace, id, CALL_MS);
      if (task?.status === 'PAUSED') {
        await waitForRuncCheckpoint(id, DUMP_END_WAIT_MS);
        if ((await resumeTask(client.rpc, namespace, id, 0, () => undefined)) === 'resumed')
          actions.push(`resumed container ${id} (namespace ${namespace}), left paused: ${who}`);
      }
      await record.note({ paused: false });
    }
    const leases = new Set<string>(entry.leaseId ? [entry.leaseId] : []);
    for (const l of await listLeases(client, namespace, `labels."${LEASE_LABEL.journal}"==${entry.id}`)) {
      leases.add(l.id);
    }
    for (const lease of leases) {
      if (await deleteLease(client, namespace, lease)) actions.push(`released lease ${lease} (${who})`);
    }
    await record.note({ leaseId: null });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const paused =
      record.entry.paused && !why.includes('resume it with')
        ? `; container ${id} may still be PAUSED: resume it with ${resumeCommand(entry.socketPath, namespace, id)}`
        : '';
    return { entry, actions, problem: `could not finish (${why})${paused}; tried again at the next start` };
  }
  const removed = await removeTemps(record);
  if (removed.length > 0) actions.push(`removed ${removed.join(', ')} (${who})`);
  if (record.clean) await record.remove();
  else return { entry, actions, problem: `could not remove ${record.entry.tempPaths.join(', ')}` };
  return { entry, actions, problem: null };
}

/**
 * Our leases in a namespace whose owner process (on this machine) is gone and
 * that no live journal entry names: made by a process that had no journal, or
 * whose entry is lost. Returns what was released.
 */
export async function sweepLeases(client: ContainerdClient, namespace: string, alive = ownerAlive): Promise<string[]> {
  const released: string[] = [];
  for (const lease of await listLeases(client, namespace, `labels."${LEASE_LABEL.owner}"`)) {
    const owner = parseOwnerLabel(lease.labels?.[LEASE_LABEL.owner] ?? '');
    if (!owner || lease.labels?.[LEASE_LABEL.host] !== hostname() || alive(owner)) continue;
    if (await deleteLease(client, namespace, lease.id)) released.push(lease.id);
  }
  return released;
}
