import type { CriuImageInfo, DecodedImagePage } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { CHECKPOINT_DIR, type ImageStore } from './image-store';
import { problemOf } from './process-images';

/** Images up to this size are decoded to count their entries for the list. */
const COUNT_LIMIT = 4 * 1024 * 1024;
const MAX_PAGE = 1000;

/** The CRIU images of the archive (checkpoint/* and stats-dump) with type, size and entry count. */
export async function imageList(store: ImageStore): Promise<CriuImageInfo[]> {
  const names = store.imageNames().map((n) => CHECKPOINT_DIR + n);
  if (store.member('stats-dump')) names.push('stats-dump');
  const out: CriuImageInfo[] = [];
  for (const name of names.sort()) {
    const member = store.member(name);
    if (!member) continue;
    const base = name.slice(name.lastIndexOf('/') + 1);
    let type = 'UNKNOWN';
    let kind = 'unknown';
    try {
      const head = await store.index.read(member, 0, 8);
      ({ magic: type, kind } = store.sniff(head, base));
    } catch {
      type = 'UNKNOWN';
    }
    let entryCount: number | null = null;
    if (kind === 'protobuf' && member.size <= COUNT_LIMIT) {
      entryCount = await store
        .decode(name)
        .then((d) => (d.truncated ? null : d.entries.length))
        .catch(() => null);
    }
    // Not every file under checkpoint/ is a CRIU image (containerd adds descriptors.json).
    const shown = base.endsWith('.json') ? 'JSON' : kind === 'raw' ? 'RAW' : type;
    out.push({ name, type: shown, size: member.size, entryCount });
  }
  return out;
}

/** One page of an image's entries in crit's pretty JSON; raw and unknown images say so, a corrupt one carries its error. */
export async function decodePage(
  store: ImageStore,
  name: string,
  offset: number,
  limit: number,
): Promise<DecodedImagePage> {
  const member = store.member(name) ?? store.member(store.memberName(name));
  if (!member) throw new AppError('NOT_FOUND', `${name} is not an image in the archive`, { member: name });
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AppError('INVALID_ARGUMENT', `offset ${offset} / limit ${limit} out of range`);
  }
  const memberName = member.name;
  const base = memberName.slice(memberName.lastIndexOf('/') + 1);
  const head = await store.index.read(member, 0, 8);
  const sniffed = store.sniff(head, base);
  if (sniffed.kind !== 'protobuf') {
    return {
      name: memberName,
      magic: sniffed.kind === 'raw' ? 'RAW' : sniffed.magic,
      entries: [],
      offset,
      total: 0,
      raw: true,
      error: null,
    };
  }
  try {
    const decoded = await store.decode(memberName, true);
    return {
      name: memberName,
      magic: decoded.magic,
      entries: decoded.entries.slice(offset, offset + limit),
      offset,
      total: decoded.entries.length,
      raw: false,
      error: null,
    };
  } catch (error) {
    return {
      name: memberName,
      magic: sniffed.magic,
      entries: [],
      offset,
      total: 0,
      raw: true,
      error: problemOf(error, memberName),
    };
  }
}
