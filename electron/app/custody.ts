// The custody log: one append-only file of JSON lines in the user-data folder,
// one line per thing done to an archive (opened, hashed, verified, exported),
// saying when (UTC), who (the OS user), on which host, which archive (path,
// size, sha256 once known) and what. Every host records through
// recordCustody(); a line is written with one write(2) on an O_APPEND
// descriptor and fsynced before the call returns. Nothing here ever rewrites,
// truncates or drops a line: a broken one is listed as broken.
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CustodyAction, CustodyEntry, ProblemInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { fsyncDir } from '../fs/output-file';
import { defaultUserDataDir } from '../settings/settings-store';

/** The log's file name inside a user-data folder. */
export const CUSTODY_FILE = 'custody.jsonl';

/** A line longer than this is not written (its strings are cut first); the reader reports longer ones as broken. */
export const MAX_CUSTODY_LINE_BYTES = 64 * 1024;
const MAX_FIELD_CHARS = 4096;

interface CustodyConfig {
  userDataDir: string;
  tool: string;
}

let config: CustodyConfig | null = null;

/** Where this process's log is and which host writes it; called once by a host at start (default: the CLI's folder). */
export function configureCustody(next: Partial<CustodyConfig>): void {
  config = { ...currentConfig(), ...next };
}

function currentConfig(): CustodyConfig {
  return config ?? { userDataDir: defaultUserDataDir(), tool: 'cli' };
}

export function custodyFile(userDataDir: string = currentConfig().userDataDir): string {
  return path.join(userDataDir, CUSTODY_FILE);
}

/** The archive a record is about: a session (path + summary) or its facts. */
export type CustodySubject =
  { path: string; summary(): { size: number } } | { path: string; size: number | null; sha256?: string | null };

/** What was done: the action and, for an export, what and where. */
export interface CustodyEvent {
  action: CustodyAction;
  what?: string;
  target?: string;
  detail?: Record<string, string | number | boolean | null>;
  /** The archive's sha256 when the caller knows it (else the one noted for the session, if any). */
  sha256?: string | null;
}

export type CustodyOutcome = { ok: true; entry: CustodyEntry } | { ok: false; problem: ProblemInfo };

/** sha256 of the archive behind a session, once some host computed it. */
const knownSha256 = new WeakMap<object, string>();

export function noteArchiveSha256(session: object, sha256: string): void {
  knownSha256.set(session, sha256);
}

function who(): CustodyEntry['user'] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  let name: string | null = null;
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (a container's random uid): the uid says who.
    name = process.env['USER'] ?? process.env['LOGNAME'] ?? null;
  }
  return { name, uid };
}

const cut = (s: string): string => (s.length > MAX_FIELD_CHARS ? `${s.slice(0, MAX_FIELD_CHARS)}…` : s);

function cutDetail(detail: CustodyEvent['detail']): CustodyEntry['detail'] {
  if (!detail) return undefined;
  const out: NonNullable<CustodyEntry['detail']> = {};
  for (const [key, value] of Object.entries(detail).slice(0, 32)) {
    out[cut(key)] = typeof value === 'string' ? cut(value) : value;
  }
  return out;
}

/** The entry for an event, as it will be written. */
export function custodyEntry(subject: CustodySubject, event: CustodyEvent): CustodyEntry {
  const size = 'summary' in subject ? subject.summary().size : subject.size;
  // A session has a sha256() method; only a string is a digest.
  const given = 'sha256' in subject && typeof subject.sha256 === 'string' ? subject.sha256 : null;
  const sha256 = event.sha256 ?? given ?? knownSha256.get(subject) ?? null;
  return {
    v: 1,
    at: new Date().toISOString(),
    user: who(),
    host: os.hostname(),
    tool: currentConfig().tool,
    pid: process.pid,
    action: event.action,
    archive: { path: cut(path.resolve(subject.path)), size, sha256 },
    ...(event.what !== undefined ? { what: cut(event.what) } : {}),
    ...(event.target !== undefined ? { target: cut(path.resolve(event.target)) } : {}),
    ...(event.detail !== undefined ? { detail: cutDetail(event.detail) } : {}),
  };
}

async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
  const fh = await open(file, flags, 0o600);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error(`${file} is not a regular file`);
    const bytes = Buffer.from(line, 'utf8');
    // One write on O_APPEND: the line lands whole at the end, even beside another process's.
    const { bytesWritten } = await fh.write(bytes, 0, bytes.length, null);
    if (bytesWritten !== bytes.length) throw new Error(`short write (${bytesWritten} of ${bytes.length} bytes)`);
    await fh.sync();
    // A log made just now: its directory entry must survive a crash too.
    if (st.size === bytes.length) await fsyncDir(path.dirname(file)).catch(() => undefined);
  } finally {
    await fh.close();
  }
}

/**
 * Appends one entry to the custody log and fsyncs it. Never throws: a log
 * that cannot be written comes back as a problem for the host to show (the
 * work itself is not undone).
 */
export async function recordCustody(subject: CustodySubject, event: CustodyEvent): Promise<CustodyOutcome> {
  const entry = custodyEntry(subject, event);
  const file = custodyFile();
  try {
    const line = `${JSON.stringify(entry)}\n`;
    if (Buffer.byteLength(line) > MAX_CUSTODY_LINE_BYTES) throw new Error('the entry is too long');
    await appendLine(file, line);
    return { ok: true, entry };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: {
        where: file,
        code: 'PERMISSION_DENIED',
        message: `the custody log could not be written (${event.action} of ${subject.path} is not recorded): ${message}`,
      },
    };
  }
}

/**
 * Records an export that has been written; when the log cannot be written the
 * caller is told with an error that says the file was written all the same.
 */
export async function exportedOrSay(
  subject: CustodySubject,
  event: Omit<CustodyEvent, 'action'> & { target: string },
): Promise<void> {
  const outcome = await recordCustody(subject, { ...event, action: 'exported' });
  if (!outcome.ok)
    throw new AppError('PERMISSION_DENIED', `${event.target} was written, but ${outcome.problem.message}`, {
      path: event.target,
    });
}
