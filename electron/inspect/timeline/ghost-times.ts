import { AppError } from '../../../shared/errors';
import { decodeImage } from '../../criu';
import { field, numField } from '../crit-values';
import { fromSeconds } from './instant';
import type { RawEvent, TimelineInput } from './raw-event';

/** The ghost_file_entry is at the head of its image; its contents (h-recovered's) are not read here. */
const GHOST_HEAD_BYTES = 64 * 1024;

function timeval(entry: unknown, name: string): ReturnType<typeof fromSeconds> {
  const tv = field(entry, name);
  const sec = numField(tv, 'tv_sec');
  if (sec === null) return null;
  return fromSeconds(sec, (numField(tv, 'tv_usec') ?? 0) * 1000, 6);
}

/**
 * Times of deleted-but-open files (ghost-file-ID.img): CRIU keeps atime and
 * mtime (a timeval each); it keeps no ctime.
 */
export async function ghostTimes(s: TimelineInput, member: string, size: number): Promise<RawEvent[]> {
  const page = await s.readMember(member, 0, Math.min(size, GHOST_HEAD_BYTES));
  const entry = decodeImage(page.data, {
    pretty: false,
    maxEntries: 1,
    name: member.slice(member.lastIndexOf('/') + 1),
  }).entries[0];
  if (entry === undefined)
    throw new AppError('IMAGE_CORRUPT', `${member}: not a ghost file image (no ghost_file_entry)`, { member });
  const mode = numField(entry, 'mode');
  const bytes = numField(entry, 'size');
  const what = `deleted-but-open file ${member.slice(member.lastIndexOf('/') + 1)}${mode !== null ? ` (mode ${(mode & 0o7777).toString(8)}` : ' ('}${bytes !== null ? `, ${bytes} bytes)` : ')'}`;
  const out: RawEvent[] = [];
  const mtime = timeval(entry, 'mtim');
  const atime = timeval(entry, 'atim');
  if (mtime) out.push({ at: mtime, source: 'ghost-file', member, field: 'mtim', label: `${what}: last modified` });
  if (atime) out.push({ at: atime, source: 'ghost-file', member, field: 'atim', label: `${what}: last accessed` });
  return out;
}
