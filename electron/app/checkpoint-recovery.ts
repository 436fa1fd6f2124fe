// At the start of every host: finish the checkpoints a dead process left in
// the journal (resume what it paused, release its leases, remove its temp
// files) and say what was done. Cheap when there is nothing: one readdir per
// journal folder, no containerd call.
import os from 'node:os';
import path from 'node:path';
import { claimEntry, journalDir, JournalRecord, readJournal } from '../checkpoint/journal';
import { ownerAlive } from '../checkpoint/journal-owner';
import { finishEntry, sweepLeases } from '../checkpoint/journal-recover';
import { createContainerdClient, type ContainerdClient } from '../containerd';
import { defaultUserDataDir } from '../settings/settings-store';
import { unlink } from 'node:fs/promises';
import type { CheckpointNotice } from '../../shared/dto';

/** The packaged app's folder name (electron-builder's productName); dev runs use the package name. */
const PACKAGED_APP_FOLDER = 'Checkpoint Inspector';

/** The journal this process writes (the CLI and the browser host: the settings' folder). */
export function ownJournalDir(userDataDir: string = defaultUserDataDir()): string {
  return journalDir(userDataDir);
}

/**
 * Every journal a host of ours may have written on this account: the host's
 * own, the CLI's and browser host's, the packaged app's. Any host finishes
 * what any other left.
 */
export function journalDirs(userDataDir: string = defaultUserDataDir()): string[] {
  const config = path.dirname(defaultUserDataDir());
  const all = [userDataDir, defaultUserDataDir(), path.join(config, PACKAGED_APP_FOLDER)].map(journalDir);
  return [...new Set(all)];
}

/** The notices of this host's run, for a page that connects later (`checkpoint.notices`) and live (`checkpoint.notice`). */
export interface NoticeBoard {
  list(): CheckpointNotice[];
  post(notice: CheckpointNotice): void;
}

const MAX_NOTICES = 50;

export function createNoticeBoard(emit: (notice: CheckpointNotice) => void): NoticeBoard {
  const notices: CheckpointNotice[] = [];
  return {
    list: () => [...notices],
    post: (notice) => {
      notices.push(notice);
      if (notices.length > MAX_NOTICES) notices.shift();
      emit(notice);
    },
  };
}

export interface RecoveryOptions {
  dirs: string[];
  connect?: (socketPath: string) => ContainerdClient;
  alive?: typeof ownerAlive;
  now?: () => Date;
}

export async function recoverInterruptedCheckpoints(options: RecoveryOptions): Promise<CheckpointNotice[]> {
  const alive = options.alive ?? ownerAlive;
  const now = options.now ?? (() => new Date());
  const connect = options.connect ?? ((socketPath) => createContainerdClient({ socketPath }));
  const clients = new Map<string, ContainerdClient>();
  const client = (socketPath: string) => {
    let c = clients.get(socketPath);
    if (!c) clients.set(socketPath, (c = connect(socketPath)));
    return c;
  };
  const notices: CheckpointNotice[] = [];
  const swept = new Set<string>();
  try {
    for (const dir of options.dirs) {
      for (const found of await readJournal(dir)) {
        if (!found.entry) {
          await unlink(found.file).catch(() => undefined);
          notices.push({
            at: now().toISOString(),
            containerId: null,
            namespace: null,
            ok: false,
            message: `removed an unreadable checkpoint journal entry ${found.file} (${found.problem})`,
          });
          continue;
        }
        const entry = found.entry;
        if (entry.host !== os.hostname() || alive(entry.owner)) continue;
        const release = await claimEntry(found.file, alive);
        if (!release) continue;
        try {
          const c = client(entry.socketPath);
          const done = await finishEntry(JournalRecord.adopt(found.file, entry), c);
          const key = `${entry.socketPath}\n${entry.namespace}`;
          if (!done.problem && !swept.has(key)) {
            swept.add(key);
            const leases = await sweepLeases(c, entry.namespace, alive).catch(() => []);
            if (leases.length > 0) done.actions.push(`released leftover leases ${leases.join(', ')}`);
          }
          const parts = [...done.actions, ...(done.problem ? [done.problem] : [])];
          if (parts.length === 0)
            parts.push(
              `cleared the record of a checkpoint of ${entry.containerId} that did not finish; nothing was left to undo`,
            );
          notices.push({
            at: now().toISOString(),
            containerId: entry.containerId,
            namespace: entry.namespace,
            ok: done.problem === null,
            message: parts.join('; '),
          });
        } finally {
          await release();
        }
      }
    }
  } finally {
    for (const c of clients.values()) c.close();
  }
  return notices;
}
