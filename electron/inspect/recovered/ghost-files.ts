import type { RecoveredOwner } from '../../../shared/dto';
import { boolField, enumName, numField, strField, sub, type Entry } from '../crit-values';
import { problemOf } from '../process-images';
import { dataProblem, type Finder, type Found } from './found';
import { CHECKPOINT, checkMagic, decodeOptional, readEntry } from './image-io';
import { MAX_DATA_FRAMES } from './limits';
import type { Segment } from './segments';

/** Older CRIU marks a ghost remap in the id itself instead of remap_type. */
const REMAP_GHOST = 0x80000000;
const REMAP_TYPES: Readonly<Record<number, string>> = { 0: 'LINKED', 1: 'GHOST', 2: 'PROCFS' };
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

function isoTime(tv: Entry | null): string | null {
  const sec = numField(tv, 'tv_sec');
  if (sec === null) return null;
  const usec = numField(tv, 'tv_usec') ?? 0;
  const ms = sec * 1000 + Math.floor(usec / 1000);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null;
}

/** ghost id -> the reg file ids that were remapped to it (remap-fpath.img). */
async function ghostOrigins(ctx: Parameters<Finder>[0]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  try {
    for (const e of await decodeOptional(ctx.session, ctx.sizes, 'remap-fpath.img')) {
      const orig = numField(e, 'orig_id');
      let remap = numField(e, 'remap_id');
      if (orig === null || remap === null) continue;
      const type = enumName(e['remap_type'], REMAP_TYPES);
      if (type === null && remap >= REMAP_GHOST) remap -= REMAP_GHOST;
      else if (type !== 'GHOST') continue;
      out.set(remap, [...(out.get(remap) ?? []), orig]);
    }
  } catch (error) {
    ctx.problems.push(problemOf(error, CHECKPOINT + 'remap-fpath.img'));
  }
  return out;
}

/**
 * The bytes of one ghost file: the rest of the image after its entry, or
 * (`chunks`) ghost_chunk_entry {len, off} each followed by len bytes at file
 * offset off, the holes between them zeros.
 */
async function contents(
  ctx: Parameters<Finder>[0],
  member: string,
  size: number,
  entry: Entry,
  at: number,
): Promise<{ segments: Segment[]; declared: number; problem: string | null }> {
  if (!boolField(entry, 'chunks')) {
    const declared = numField(entry, 'size');
    const held = size - at;
    const segments: Segment[] = held > 0 ? [{ member, offset: at, length: held }] : [];
    return { segments, declared: declared ?? held, problem: null };
  }
  const declared = numField(entry, 'size') ?? 0;
  const segments: Segment[] = [];
  let filled = 0;
  for (let index = 1; at < size; index++) {
    if (index > MAX_DATA_FRAMES)
      return { segments, declared, problem: `${member}: more than ${MAX_DATA_FRAMES} chunks` };
    const frame = await readEntry(ctx.session, member, at, size, 'ghost_chunk_entry', index);
    if (typeof frame === 'string') return { segments, declared, problem: frame };
    const len = numField(frame.entry, 'len') ?? 0;
    const off = numField(frame.entry, 'off') ?? 0;
    if (off < filled || off + len > declared) {
      return {
        segments,
        declared,
        problem: `${member}: chunk ${index} at ${off}+${len} lies outside ${filled}..${declared}`,
      };
    }
    if (off > filled) segments.push({ length: off - filled, zeros: true });
    const held = Math.min(len, size - frame.dataAt);
    if (held > 0) segments.push({ member, offset: frame.dataAt, length: held });
    filled = off + held;
    if (held < len)
      return {
        segments,
        declared,
        problem: `${member}: chunk ${index} declares ${len} bytes, the image holds ${held}`,
      };
    at = frame.dataAt + len;
  }
  if (declared > filled) segments.push({ length: declared - filled, zeros: true });
  return { segments, declared, problem: null };
}

/** Files deleted while open (ghost-file-ID.img), with the path, mode, owner and times they had. */
export const findGhostFiles: Finder = async (ctx) => {
  const origins = await ghostOrigins(ctx);
  const out: Found[] = [];
  const images = [...ctx.sizes.keys()].filter((n) => /^ghost-file-[0-9a-f]+\.img$/.test(n)).sort();
  for (const image of images) {
    const member = CHECKPOINT + image;
    const size = ctx.sizes.get(image)!;
    const id = parseInt(image.slice('ghost-file-'.length, -'.img'.length), 16);
    const bad = await checkMagic(ctx.session, member, size, 'GHOST_FILE');
    const frame = bad ?? (await readEntry(ctx.session, member, 8, size, 'ghost_file_entry', 0));
    if (typeof frame === 'string') {
      ctx.problems.push(dataProblem(member, frame));
      continue;
    }
    const e = frame.entry;
    const mode = numField(e, 'mode') ?? 0;
    const regular = (mode & S_IFMT) === S_IFREG;
    const data = regular
      ? await contents(ctx, member, size, e, frame.dataAt)
      : { segments: [], declared: 0, problem: null };
    if (data.problem !== null) ctx.problems.push(dataProblem(member, data.problem));
    const held = data.segments.reduce((s, x) => s + x.length, 0);
    const origIds = origins.get(id) ?? [];
    const owners: RecoveredOwner[] = origIds.flatMap((o) => ctx.files.owners(o));
    const path = origIds.map((o) => ctx.files.regPath(o)).find((p) => p !== null) ?? null;
    out.push({
      id: `ghost-file:${id}`,
      kind: 'ghost-file',
      label: path ?? `ghost file ${id}`,
      owners,
      member,
      declaredSize: held < data.declared ? data.declared : null,
      details: {
        mode: `0${mode.toString(8)}`,
        uid: numField(e, 'uid'),
        gid: numField(e, 'gid'),
        atime: isoTime(sub(e, 'atim')),
        mtime: isoTime(sub(e, 'mtim')),
        // CRIU records no ctime for ghost files.
        ctime: null,
        sparse: boolField(e, 'chunks'),
        symlinkTarget: strField(e, 'symlnk_target'),
        inode: numField(e, 'ino'),
      },
      segments: data.segments,
    });
  }
  return out;
};
