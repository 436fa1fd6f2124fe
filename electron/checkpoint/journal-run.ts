// A checkpoint with its journal entry: written before anything is paused or
// made, reconciled when the checkpoint ends (temp files still there are
// removed), and removed once nothing is left to undo. An entry that is not
// clean at the end (containerd never came back to take the lease or the
// resume) stays for the next start of any host to finish.
import { lstat, rm } from 'node:fs/promises';
import { AppError, isAppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { checkpointContainer } from './index';
import { JournalRecord } from './journal';
import type { CheckpointContext, CheckpointRequest, CheckpointResult } from './types';

/**
 * Removes the temp files an entry still lists and drops them from it. Only
 * our own unpredictable temp names are ever removed; anything else is only forgotten.
 */
export async function removeTemps(record: JournalRecord): Promise<string[]> {
  const removed: string[] = [];
  for (const temp of record.entry.tempPaths) {
    if (isOurTempName(temp) && (await exists(temp))) {
      await rm(temp, { recursive: true, force: true }).catch(() => undefined);
      if (await exists(temp)) continue;
      removed.push(temp);
    }
    await record.note({ dropTemp: temp });
  }
  return removed;
}

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );

/** `.criu-work-XXXXXX`, `images-XXXXXX` (inside a work folder), `.NAME.TAG-<24 hex>` (fs/output-file.ts). */
export function isOurTempName(file: string): boolean {
  const base = file.split('/').pop() ?? '';
  return (
    /^\.criu-work-[\w]{6}$/.test(base) || /^images-[\w]{6}$/.test(base) || /^\..+\.[a-z]+-[0-9a-f]{24}$/.test(base)
  );
}

export async function checkpointWithJournal(
  client: ContainerdClient,
  req: CheckpointRequest,
  ctx: CheckpointContext,
  journalDir: string,
): Promise<CheckpointResult> {
  const record = await JournalRecord.begin(journalDir, {
    socketPath: client.socketPath,
    namespace: req.namespace,
    containerId: req.containerId,
    outputPath: req.outputPath,
  });
  let result: CheckpointResult;
  try {
    result = await checkpointContainer(client, { ...req, journal: record }, ctx);
  } catch (error) {
    await settle(record);
    throw withUndoSummary(error, record);
  }
  await settle(record);
  return result;
}

async function settle(record: JournalRecord): Promise<void> {
  await removeTemps(record).catch(() => undefined);
  if (record.clean) await record.remove().catch(() => undefined);
}

/** A failed checkpoint's error, told what was undone (or what is left for the next start). */
function withUndoSummary(error: unknown, record: JournalRecord): unknown {
  if (!isAppError(error)) return error;
  const { held } = record;
  if (!held.paused && !held.lease && !held.temp) return error;
  const entry = record.entry;
  const done: string[] = [];
  const left: string[] = [];
  if (held.paused) {
    if (entry.paused) left.push(`container ${entry.containerId} is PAUSED`);
    else done.push(`container ${entry.containerId} resumed`);
  }
  if (held.lease) {
    if (entry.leaseId) left.push(`lease ${entry.leaseId}`);
    else done.push('lease released');
  }
  if (held.temp) {
    if (entry.tempPaths.length > 0) left.push(entry.tempPaths.join(', '));
    else done.push('partial files removed');
  }
  let summary = `${done.join(', ')}${done.length ? ', ' : ''}no archive written`;
  if (left.length) summary += `; left for the next start of checkpoint-inspector to undo: ${left.join(', ')}`;
  if (error.message.includes(summary)) return error;
  return new AppError(error.code, `${error.message}; ${summary}`, error.details);
}
