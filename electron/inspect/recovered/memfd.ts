import { PE_LAZY, PE_PARENT, PE_PRESENT } from '../../criu/crit-forms';
import { numField, strField, type Entry } from '../crit-values';
import { problemOf } from '../process-images';
import { dataProblem, type Finder, type FinderContext, type Found } from './found';
import { CHECKPOINT, decodeWhole } from './image-io';
import type { Segment } from './segments';

const PAGE = 4096;

/**
 * Where a shmem object's pages lie: pagemap-shmem-SHMID.img maps offsets in
 * the object (vaddr) to pages in pages-ID.img; pages never written are zeros.
 */
async function shmemSegments(
  ctx: FinderContext,
  shmid: number,
  size: number,
): Promise<{ segments: Segment[]; problem: string | null }> {
  const image = `pagemap-shmem-${shmid}.img`;
  if (!ctx.sizes.has(image)) {
    return { segments: [], problem: size > 0 ? `${CHECKPOINT}${image} is not in the archive` : null };
  }
  const [head, ...entries] = await decodeWhole(ctx.session, ctx.sizes, image);
  const pagesImage = `pages-${numField(head, 'pages_id') ?? 0}.img`;
  const pagesSize = ctx.sizes.get(pagesImage);
  if (pagesSize === undefined)
    return { segments: [], problem: `${CHECKPOINT}${pagesImage} (named by ${image}) is not in the archive` };
  const segments: Segment[] = [];
  let filled = 0;
  let inPages = 0;
  for (const e of entries) {
    const vaddr = numField(e, 'vaddr') ?? 0;
    const pages = numField(e, 'nr_pages') ?? 0;
    const flags = numField(e, 'flags') ?? PE_PRESENT;
    const present = (flags & PE_PRESENT) !== 0 && (flags & (PE_PARENT | PE_LAZY)) === 0;
    const length = pages * PAGE;
    if (present) {
      if (vaddr < filled)
        return { segments, problem: `${CHECKPOINT}${image}: pages at ${vaddr} overlap the ones before` };
      const from = Math.min(vaddr, size);
      const to = Math.min(vaddr + length, size);
      if (from > filled) segments.push({ length: from - filled, zeros: true });
      if (to > from) {
        if (inPages + (to - from) > pagesSize)
          return { segments, problem: `${CHECKPOINT}${pagesImage} ends before the pages ${image} names` };
        segments.push({ member: CHECKPOINT + pagesImage, offset: inPages, length: to - from });
      }
      filled = Math.max(filled, to);
      inPages += length;
    }
  }
  if (size > filled) segments.push({ length: size - filled, zeros: true });
  return { segments, problem: null };
}

/** memfd files (memfd.img, MEMFD_INODE entries): name, size, seals, owner, and the contents from their shmem pages. */
export const findMemfds: Finder = async (ctx) => {
  // CRIU names the MEMFD_INODE image memfd.img.
  const image = ['memfd.img', 'memfd-inode.img'].find((n) => ctx.sizes.has(n));
  if (image === undefined) return [];
  const member = CHECKPOINT + image;
  let inodes: Entry[];
  try {
    inodes = await decodeWhole(ctx.session, ctx.sizes, image);
  } catch (error) {
    ctx.problems.push(problemOf(error, member));
    return [];
  }
  const out: Found[] = [];
  for (const inode of inodes) {
    const inodeId = numField(inode, 'inode_id') ?? 0;
    const shmid = numField(inode, 'shmid') ?? 0;
    const size = numField(inode, 'size') ?? 0;
    const owners = [...ctx.files.byType('MEMFD')]
      .filter(([, f]) => numField(f, 'inode_id') === inodeId)
      .flatMap(([id]) => ctx.files.owners(id));
    let data: { segments: Segment[]; problem: string | null };
    try {
      data = await shmemSegments(ctx, shmid, size);
    } catch (error) {
      ctx.problems.push(problemOf(error, `${CHECKPOINT}pagemap-shmem-${shmid}.img`));
      data = { segments: [], problem: null };
    }
    if (data.problem !== null) ctx.problems.push(dataProblem(member, data.problem));
    const held = data.segments.reduce((s, x) => s + x.length, 0);
    const mode = numField(inode, 'mode');
    out.push({
      id: `memfd:${inodeId}`,
      kind: 'memfd',
      label: `memfd:${strField(inode, 'name') ?? ''}`,
      owners,
      member:
        held > 0
          ? ((data.segments.find((s) => 'member' in s) as { member: string } | undefined)?.member ?? member)
          : member,
      declaredSize: held < size ? size : null,
      details: {
        name: strField(inode, 'name'),
        uid: numField(inode, 'uid'),
        gid: numField(inode, 'gid'),
        mode: mode === null ? null : `0${mode.toString(8)}`,
        seals: numField(inode, 'seals'),
        shmid,
        hugetlb: numField(inode, 'hugetlb_flag'),
      },
      segments: data.segments,
    });
  }
  return out;
};
