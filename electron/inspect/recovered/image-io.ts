import { AppError } from '../../../shared/errors';
import { MAX_RANGE } from '../../../shared/schemas';
import { decodeImage } from '../../criu';
import { IMG_COMMON_MAGIC, MAGICS } from '../../criu/magic';
import { messageType } from '../../criu/schema';
import { messageToObject } from '../../criu/to-json';
import { decodeMessage } from '../../criu/wire';
import type { Entry } from '../crit-values';
import { MAX_IMAGE_BYTES, MAX_IMAGE_ENTRIES } from '../image-store';
import type { InspectSession } from '../session';
import { MAX_DATA_FRAMES, MAX_FRAME_BYTES } from './limits';

/**
 * Reading CRIU images through the session's public reads only (members and
 * readMember), so the recovered views work on any session: the GUI's, the
 * CLI's, a worker's.
 */

export const CHECKPOINT = 'checkpoint/';

/** Sizes of the members under checkpoint/, by base name. */
export function imageSizes(session: InspectSession): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of session.members()) {
    if (m.type !== 'file' || !m.name.startsWith(CHECKPOINT)) continue;
    const base = m.name.slice(CHECKPOINT.length);
    if (!base.includes('/')) out.set(base, m.size);
  }
  return out;
}

/** Bytes [offset, offset+length) of a member, read in contract-sized steps. */
export async function readRange(
  session: InspectSession,
  member: string,
  offset: number,
  length: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let done = 0;
  while (done < length) {
    const step = Math.min(MAX_RANGE, length - done);
    const got = await session.readMember(member, offset + done, step);
    if (got.data.length === 0) break;
    parts.push(got.data);
    done += got.data.length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** A whole metadata image decoded (numeric form); throws NOT_FOUND / LIMIT_EXCEEDED / IMAGE_CORRUPT naming it. */
export async function decodeWhole(
  session: InspectSession,
  sizes: Map<string, number>,
  image: string,
): Promise<Entry[]> {
  const member = CHECKPOINT + image;
  const size = sizes.get(image);
  if (size === undefined) throw new AppError('NOT_FOUND', `${member} is not in the archive`, { member });
  if (size > MAX_IMAGE_BYTES) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `${member}: ${size} bytes is more than the ${MAX_IMAGE_BYTES} decoded at once`,
      {
        member,
      },
    );
  }
  const bytes = size === 0 ? Buffer.alloc(0) : await readRange(session, member, 0, size);
  try {
    return decodeImage(bytes, { pretty: false, name: image, maxEntries: MAX_IMAGE_ENTRIES }).entries as Entry[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('IMAGE_CORRUPT', `${member}: ${reason}`, { member });
  }
}

/** Entries of an image, or [] when the archive does not hold it. */
export async function decodeOptional(
  session: InspectSession,
  sizes: Map<string, number>,
  image: string,
): Promise<Entry[]> {
  return sizes.has(image) ? decodeWhole(session, sizes, image) : [];
}

/** One entry of a data image and where the bytes after it lie. */
export interface Frame {
  entry: Entry;
  /** Member offset of the first byte after the entry. */
  dataAt: number;
}

/** The size-prefixed entry at `at`, decoded (numeric form), or why it cannot be. */
export async function readEntry(
  session: InspectSession,
  member: string,
  at: number,
  size: number,
  message: string,
  index: number,
): Promise<Frame | string> {
  if (size - at < 4) return `${member}: entry ${index}: truncated size prefix (${size - at} of 4 bytes)`;
  const length = (await readRange(session, member, at, 4)).readUInt32LE(0);
  if (length > MAX_FRAME_BYTES || length > size - at - 4) {
    return `${member}: entry ${index} declares ${length} bytes, ${size - at - 4} left in the image`;
  }
  try {
    const bytes = await readRange(session, member, at + 4, length);
    return { entry: messageToObject(decodeMessage(messageType(message), bytes), false), dataAt: at + 4 + length };
  } catch (error) {
    return `${member}: entry ${index}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Whether a member starts with the common magic and `magic`; the problem when not. */
export async function checkMagic(
  session: InspectSession,
  member: string,
  size: number,
  magic: string,
): Promise<string | null> {
  const head = await readRange(session, member, 0, Math.min(8, size));
  if (head.length < 8 || head.readUInt32LE(0) !== IMG_COMMON_MAGIC || head.readUInt32LE(4) !== MAGICS[magic]) {
    return `${member} does not start with the ${magic} image magic`;
  }
  return null;
}

/**
 * Walks a data image entry by entry without reading its payloads: `extra`
 * says how many payload bytes follow each entry (CRIU's pipe data, queued
 * messages, ...). A payload running past the end is kept, cut to what the
 * image holds, and the walk stops with a problem; so is a bad entry.
 */
export async function walkFrames(
  session: InspectSession,
  image: string,
  size: number,
  magic: string,
  message: string,
  extra: (entry: Entry) => number,
  onFrame: (frame: Frame, declared: number, held: number) => void,
): Promise<{ problem: string | null }> {
  const member = CHECKPOINT + image;
  const bad = await checkMagic(session, member, size, magic);
  if (bad !== null) return { problem: bad };
  let at = 8;
  for (let index = 0; at < size; index++) {
    if (index >= MAX_DATA_FRAMES)
      return { problem: `${member}: more than ${MAX_DATA_FRAMES} entries; the rest are not listed` };
    const frame = await readEntry(session, member, at, size, message, index);
    if (typeof frame === 'string') return { problem: frame };
    const declared = extra(frame.entry);
    const held = Math.min(declared, size - frame.dataAt);
    onFrame(frame, declared, held);
    if (held < declared) {
      return { problem: `${member}: entry ${index} declares ${declared} bytes of data, the image holds ${held}` };
    }
    at = frame.dataAt + declared;
  }
  return { problem: null };
}
