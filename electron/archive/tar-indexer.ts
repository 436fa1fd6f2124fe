import { AppError } from '../../shared/errors';
import { BlockReader, type TarSource } from './block-reader';
import type { ArchiveProblem, MemberType, OpenProgress, TarMember } from './index';
import type { ArchiveLimits } from './limits';
import { normaliseName } from './member-name';
import { parsePax, type PaxValues } from './pax';
import { BLOCK, parseHeader, type RawHeader } from './tar-header';
import { ProblemList } from './problem-list';

export interface IndexOptions {
  /** Offset of the source's byte 0 in the indexed file (non-zero for a nested plain tar). */
  base: number;
  limits: ArchiveLimits;
  signal?: AbortSignal;
  onProgress?: (p: OpenProgress) => void;
}

export interface TarIndex {
  members: TarMember[];
  problems: ArchiveProblem[];
}

/** Types whose size field does not announce a payload (as Go's archive/tar, which containerd writes with). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
const PROGRESS_EVERY = 4096;

const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

function memberType(flag: string): MemberType {
  switch (flag) {
    case '0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function toDate(seconds: number | null | undefined): Date | null {
  if (seconds === null || seconds === undefined) return null;
  const ms = seconds * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms) : null;
}

function cutAtNul(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('utf8', 0, nul === -1 ? data.length : nul);
}

/**
 * The one rule for a name stored more than once (analysis evasion: a benign
 * copy for one view, a backdoor for another): the last copy wins, as tar
 * extraction leaves it, for every lookup and every listing. The index keeps
 * only that copy, at its place in the archive; each duplicated name is one
 * problem saying how many copies there were.
 */
function lastCopies(
  members: TarMember[],
  byName: ReadonlyMap<string, TarMember>,
  copies: ReadonlyMap<string, number>,
  problems: ProblemList,
): TarMember[] {
  if (copies.size === 0) return members;
  for (const [name, count] of copies) {
    const kept = byName.get(name);
    problems.add(
      name.length > 200 ? `${name.slice(0, 200)}…` : name,
      'DUPLICATE_NAME',
      `member ${name} is stored ${count} times; only the last copy (header at offset ${kept?.headerOffset ?? '?'}) is listed and read, as tar extraction would leave it`,
    );
  }
  return members.filter((m) => byName.get(m.name) === m);
}

/**
 * Walks a tar from header to header. Payloads are skipped by offset and
 * never read. The first broken header ends the walk with a problem (the
 * members before it are kept); only a source that is not a tar at all
 * throws.
 */
export async function indexTar(source: TarSource, opts: IndexOptions): Promise<TarIndex> {
  const { limits, base } = opts;
  const reader = new BlockReader(source);
  const members: TarMember[] = [];
  const problems = new ProblemList();
  const byName = new Map<string, TarMember>();
  const copies = new Map<string, number>();
  const globals: PaxValues = {};
  let pax: PaxValues | null = null;
  let longName: string | null = null;
  let longLink: string | null = null;
  let headers = 0;
  let lastPayload = 0;
  let pos = 0;
  const at = (p: number): string => `offset ${base + p}`;

  if (source.size < BLOCK) {
    throw new AppError('ARCHIVE_CORRUPT', `not a tar archive: ${source.size} bytes is shorter than one tar header`);
  }
  for (;;) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'opening the archive was cancelled');
    if (pos >= source.size) {
      problems.add(
        at(pos),
        'NO_END_MARKER',
        'the archive ends without its end-of-archive blocks (it may be truncated)',
      );
      break;
    }
    if (pos + BLOCK > source.size) {
      problems.add(at(pos), 'TRUNCATED', `the archive ends inside a header at ${at(pos)}`);
      break;
    }
    const parsed = parseHeader(await reader.block(pos, lastPayload));
    if (parsed.kind === 'zero') break;
    if (parsed.kind === 'bad') {
      if (headers === 0) throw new AppError('ARCHIVE_CORRUPT', `not a tar archive: ${parsed.reason} at ${at(pos)}`);
      problems.add(at(pos), parsed.code, `bad header at ${at(pos)}: ${parsed.reason}; members after it are not listed`);
      break;
    }
    const h: RawHeader = parsed.header;
    if (++headers > limits.maxHeaders) {
      problems.add(at(pos), 'LIMIT_EXCEEDED', `more than ${limits.maxHeaders} tar headers; the rest is not listed`);
      break;
    }
    if (headers % PROGRESS_EVERY === 0) opts.onProgress?.({ phase: 'index', bytesDone: pos, bytesTotal: source.size });
    const dataStart = pos + BLOCK;

    if (h.typeflag === 'x' || h.typeflag === 'g' || h.typeflag === 'L' || h.typeflag === 'K') {
      if (h.size > limits.maxExtensionHeaderBytes) {
        problems.add(
          at(pos),
          'LIMIT_EXCEEDED',
          `extension header '${h.typeflag}' at ${at(pos)} declares ${h.size} bytes (limit ${limits.maxExtensionHeaderBytes}); the rest is not listed`,
        );
        break;
      }
      if (dataStart + h.size > source.size) {
        problems.add(at(pos), 'TRUNCATED', `extension header at ${at(pos)} runs past the end of the archive`);
        break;
      }
      const data = await reader.bytes(dataStart, h.size);
      if (h.typeflag === 'L') longName = cutAtNul(data);
      else if (h.typeflag === 'K') longLink = cutAtNul(data);
      else {
        const result = parsePax(data);
        if (!result.ok) {
          problems.add(at(pos), 'BAD_PAX', `pax header at ${at(pos)}: ${result.reason}; the rest is not listed`);
          break;
        }
        if (h.typeflag === 'x') pax = { ...(pax ?? {}), ...result.values };
        else {
          // Global path/size make no sense for many members; keep only the attributes.
          const { uid, gid, mtime } = result.values;
          Object.assign(
            globals,
            uid === undefined ? {} : { uid },
            gid === undefined ? {} : { gid },
            mtime === undefined ? {} : { mtime },
          );
        }
      }
      lastPayload = h.size;
      pos = dataStart + padded(h.size);
      continue;
    }

    const rawName = pax?.path ?? longName ?? h.name;
    const rawLink = pax?.linkpath ?? longLink ?? h.linkname;
    const sparse = pax?.sparse === true || h.typeflag === 'S';
    const declared = HEADER_ONLY.has(h.typeflag) ? 0 : (pax?.size ?? h.size);
    const mtime = pax?.mtime ?? globals.mtime ?? h.mtime;
    const uid = pax?.uid ?? globals.uid ?? h.uid;
    const gid = pax?.gid ?? globals.gid ?? h.gid;
    pax = null;
    longName = null;
    longLink = null;
    lastPayload = declared;
    const next = dataStart + padded(declared);

    const where = rawName.length > 200 ? `${rawName.slice(0, 200)}…` : rawName;
    if (Buffer.byteLength(rawName) > limits.maxNameBytes || Buffer.byteLength(rawLink) > limits.maxNameBytes) {
      problems.add(
        where,
        'NAME_TOO_LONG',
        `member at ${at(pos)}: name or link target longer than ${limits.maxNameBytes} bytes; not listed`,
      );
      pos = next;
      continue;
    }
    const { name, unsafe } = normaliseName(rawName);
    const type: MemberType = sparse ? 'other' : memberType(h.typeflag);
    if (name === '') {
      if (type !== 'directory')
        problems.add(at(pos), 'UNSAFE_NAME', `member at ${at(pos)} has an empty name; not listed`);
      pos = next;
      continue;
    }
    if (members.length >= limits.maxMembers) {
      problems.add(at(pos), 'LIMIT_EXCEEDED', `more than ${limits.maxMembers} members; the rest is not listed`);
      break;
    }
    if (unsafe !== null) problems.add(where, 'UNSAFE_NAME', `member ${JSON.stringify(where)} ${unsafe}`);
    if (sparse) problems.add(where, 'UNSUPPORTED_MEMBER', `member ${name} is a GNU sparse file; listed as 'other'`);
    if (byName.has(name)) copies.set(name, (copies.get(name) ?? 1) + 1);
    const linkname = type === 'symlink' || type === 'hardlink' ? rawLink : rawLink === '' ? null : rawLink;
    if (type === 'hardlink' && !byName.has(normaliseName(rawLink).name)) {
      problems.add(
        where,
        'DANGLING_HARDLINK',
        `hard link ${name} points to ${JSON.stringify(rawLink.slice(0, 200))}, which is not an earlier member`,
      );
    }
    const present = Math.max(0, Math.min(declared, source.size - dataStart));
    const member: TarMember = {
      name,
      rawName,
      type,
      size: present,
      mode: h.mode,
      uid,
      gid,
      mtime: toDate(mtime),
      linkname,
      dataOffset: base + dataStart,
      headerOffset: base + pos,
      typeflag: h.typeflag,
    };
    members.push(member);
    byName.set(name, member);
    if (present < declared) {
      problems.add(where, 'TRUNCATED', `truncated member ${name}: declares ${declared} bytes, ${present} present`);
      break;
    }
    pos = next;
  }
  if (pax !== null || longName !== null || longLink !== null) {
    problems.add(at(pos), 'TRUNCATED', 'the archive ends after an extension header without its member');
  }
  opts.onProgress?.({ phase: 'index', bytesDone: source.size, bytesTotal: source.size });
  return { members: lastCopies(members, byName, copies, problems), problems: problems.list() };
}
