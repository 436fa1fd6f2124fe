// The journal of checkpoints in progress: one small JSON file per checkpoint
// in the user-data folder, written (fsynced, renamed into place) before the
// container is paused and kept up to date with what we hold: the pause, the
// lease, the temp files. It is removed only once all of that is undone. A
// file whose owner process is gone (SIGKILL, power loss) tells the next start
// of any host what to finish (see journal-recover.ts).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDir } from '../fs/output-file';
import { currentOwner, ownerLabel, parseOwnerLabel, type ProcessOwner } from './journal-owner';
import { LEASE_LABEL, type CheckpointJournal, type JournalNote } from './types';

/** The journal's folder inside a user-data folder. */
export const JOURNAL_FOLDER = 'checkpoints-in-progress';

const MAX_ENTRY_BYTES = 64 * 1024;

const entrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  owner: z.object({
    pid: z.number().int().positive(),
    startTicks: z.number().int().nonnegative().nullable(),
    bootId: z.string().max(64).nullable(),
  }),
  host: z.string().max(256),
  socketPath: z.string().min(1).max(4096),
  namespace: z.string().min(1).max(256),
  containerId: z.string().min(1).max(256),
  outputPath: z.string().min(1).max(4096),
  startedAt: z.string().max(64),
  leaseId: z.string().max(256).nullable(),
  paused: z.boolean(),
  tempPaths: z.array(z.string().min(1).max(4096)).max(16),
});

export type JournalEntry = z.infer<typeof entrySchema>;

export type JournalStart = Pick<JournalEntry, 'socketPath' | 'namespace' | 'containerId' | 'outputPath'>;

export function journalDir(userDataDir: string): string {
  return path.join(userDataDir, JOURNAL_FOLDER);
}

const entryFile = (dir: string, id: string) => path.join(dir, `${id}.json`);

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(temp, 'wx', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** One checkpoint's entry, as the process running it holds it. */
export class JournalRecord implements CheckpointJournal {
  private writing: Promise<void> = Promise.resolve();
  private removed = false;
  /** What this process held at some point, for the closing message. */
  readonly held = { paused: false, lease: false, temp: false };

  private constructor(
    readonly file: string,
    private current: JournalEntry,
  ) {}

  /** An entry read from disk, adopted by the process that finishes it. */
  static adopt(file: string, entry: JournalEntry): JournalRecord {
    return new JournalRecord(file, entry);
  }

  static async begin(dir: string, start: JournalStart, owner: ProcessOwner = currentOwner()): Promise<JournalRecord> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const entry: JournalEntry = {
      version: 1,
      id: randomBytes(16).toString('hex'),
      owner,
      host: os.hostname(),
      ...start,
      startedAt: new Date().toISOString(),
      leaseId: null,
      paused: false,
      tempPaths: [],
    };
    const record = new JournalRecord(entryFile(dir, entry.id), entry);
    await writeAtomically(record.file, JSON.stringify(entry));
    await fsyncDir(dir);
    return record;
  }

  get entry(): JournalEntry {
    return { ...this.current, tempPaths: [...this.current.tempPaths] };
  }

  get id(): string {
    return this.current.id;
  }

  get leaseLabels(): Record<string, string> {
    return { [LEASE_LABEL.journal]: this.current.id, [LEASE_LABEL.owner]: ownerLabel(this.current.owner) };
  }

  /** Records a change before (pause, temp) or after (resume, release) it happens; writes in order. */
  note(patch: JournalNote): Promise<void> {
    const next = { ...this.current, tempPaths: [...this.current.tempPaths] };
    if (patch.paused) this.held.paused = true;
    if (patch.leaseId) this.held.lease = true;
    if (patch.addTemp) this.held.temp = true;
    if (patch.leaseId !== undefined) next.leaseId = patch.leaseId;
    if (patch.paused !== undefined) next.paused = patch.paused;
    if (patch.addTemp && !next.tempPaths.includes(patch.addTemp)) next.tempPaths.push(patch.addTemp);
    if (patch.dropTemp) next.tempPaths = next.tempPaths.filter((p) => p !== patch.dropTemp);
    this.current = next;
    const text = JSON.stringify(next);
    const write = this.writing.then(() => (this.removed ? undefined : writeAtomically(this.file, text)));
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** Whether nothing is left to undo: not paused by us, no lease, no temp file. */
  get clean(): boolean {
    return !this.current.paused && this.current.leaseId === null && this.current.tempPaths.length === 0;
  }

  /** Removes the entry; its undo is done (or another process finished it). */
  async remove(): Promise<void> {
    await this.writing;
    this.removed = true;
    await unlink(this.file).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    });
  }
}

export interface JournalFile {
  file: string;
  entry: JournalEntry | null;
  /** Why the file could not be read as an entry. */
  problem: string | null;
}

/** The entries in a journal folder; a missing folder is an empty journal (the cheap, usual case). */
export async function readJournal(dir: string): Promise<JournalFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: JournalFile[] = [];
  for (const name of names.filter((n) => /^[0-9a-f]{32}\.json$/.test(n)).sort()) {
    const file = path.join(dir, name);
    try {
      const text = await readFile(file, 'utf8');
      if (text.length > MAX_ENTRY_BYTES) throw new Error('too large');
      const entry = entrySchema.parse(JSON.parse(text));
      out.push({ file, entry, problem: null });
    } catch (error) {
      out.push({ file, entry: null, problem: error instanceof Error ? error.message.slice(0, 200) : String(error) });
    }
  }
  return out;
}

/**
 * One recovering process per entry: a claim file made with O_EXCL holds the
 * claimer's owner label; a claim whose claimer is gone is taken over.
 * Returns the release, or null when a live process holds the claim.
 */
export async function claimEntry(
  file: string,
  alive: (owner: ProcessOwner) => boolean,
  owner: ProcessOwner = currentOwner(),
): Promise<(() => Promise<void>) | null> {
  const claim = file.replace(/\.json$/, '.claim');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(claim, 'wx', 0o600);
      try {
        await fh.writeFile(ownerLabel(owner));
      } finally {
        await fh.close();
      }
      return () => unlink(claim).catch(() => undefined);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      const holder = parseOwnerLabel(await readFile(claim, 'utf8').catch(() => ''));
      if (holder && alive(holder)) return null;
      await unlink(claim).catch(() => undefined);
    }
  }
  return null;
}
