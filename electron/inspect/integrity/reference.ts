// What a verify compares against: a JSON report we wrote (or the output of
// `hash --format json`), or a sha256sum list. Both are read into one shape;
// anything unreadable is a problem, and a reference without hashes fails.
import type { ProblemInfo, VerifyResult } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import { listName, parseHashList } from './hash-list';

export interface Reference {
  against: VerifyResult['against'];
  /** The archive's own line: its name (when the reference names it) and sha256. */
  archive: { name: string | null; sha256: string } | null;
  /** Member name -> sha256 (null: listed without content, e.g. a directory in a report). */
  members: Map<string, string | null>;
  problems: ProblemInfo[];
}

const SHA256 = /^[0-9a-f]{64}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromJson(value: unknown): Reference {
  if (!isRecord(value)) throw new AppError('INVALID_ARGUMENT', 'the JSON reference is not an object');
  const problems: ProblemInfo[] = [];
  const archiveField = value['archive'];
  let archive: Reference['archive'] = null;
  if (isRecord(archiveField) && typeof archiveField['sha256'] === 'string' && SHA256.test(archiveField['sha256'])) {
    const name = typeof archiveField['fileName'] === 'string' ? archiveField['fileName'] : null;
    archive = { name, sha256: archiveField['sha256'] };
  }
  const integrity = value['integrity'];
  const list = isRecord(integrity) ? integrity['members'] : value['members'];
  const members = new Map<string, string | null>();
  if (Array.isArray(list)) {
    list.forEach((m, i) => {
      const where = `members[${i}]`;
      if (!isRecord(m) || typeof m['name'] !== 'string') {
        problems.push({ where, code: 'INVALID_ARGUMENT', message: 'not a member entry (no name)' });
        return;
      }
      const sha = m['sha256'];
      if (sha !== null && (typeof sha !== 'string' || !SHA256.test(sha))) {
        problems.push({ where, code: 'INVALID_ARGUMENT', message: `member ${m['name']}: sha256 is not 64 hex digits` });
        return;
      }
      members.set(listName(m['name']), sha);
    });
  } else {
    problems.push({
      where: 'members',
      code: 'NOT_FOUND',
      message:
        'the report holds no member hashes (a report written before they were added): only the archive is compared',
    });
  }
  if (archive === null && members.size === 0)
    throw new AppError('INVALID_ARGUMENT', 'the JSON reference holds no sha256 of the archive or of any member');
  return { against: 'report', archive, members, problems };
}

/**
 * Reads a reference. In a sha256sum list the archive's own line is the one
 * named as the archive file is (`archiveFileName`); failing that, a first
 * line that names no member and no folder (the archive under another name).
 */
export function readReference(text: string, archiveFileName: string, memberNames: ReadonlySet<string>): Reference {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new AppError('INVALID_ARGUMENT', `the reference is not valid JSON: ${(error as Error).message}`);
    }
    return fromJson(value);
  }
  const { entries, problems } = parseHashList(text);
  if (entries.length === 0 && problems.length === 0)
    throw new AppError('INVALID_ARGUMENT', 'the reference is empty: no sha256sum line and no JSON report');
  let archiveEntry = entries.find((e) => e.name === archiveFileName);
  const first = entries[0];
  if (!archiveEntry && first && !memberNames.has(first.name) && !first.name.includes('/')) archiveEntry = first;
  const members = new Map<string, string | null>();
  for (const e of entries) if (e !== archiveEntry) members.set(e.name, e.sha256);
  return {
    against: 'sha256sum',
    archive: archiveEntry ? { name: archiveEntry.name, sha256: archiveEntry.sha256 } : null,
    members,
    problems,
  };
}
