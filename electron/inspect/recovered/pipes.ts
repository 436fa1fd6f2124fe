import type { RecoveredKind, RecoveredOwner } from '../../../shared/dto';
import { numField } from '../crit-values';
import { CHECKPOINT, walkFrames } from './image-io';
import { dataProblem, type Finder, type FinderContext, type Found } from './found';

/**
 * Bytes waiting in pipes and FIFOs (pipes-data.img, fifo-data.img): one
 * pipe_data_entry per pipe, its bytes right after it. Owners are every
 * descriptor on either end (files of type PIPE or FIFO with that pipe_id).
 */
async function pipeData(
  ctx: FinderContext,
  image: string,
  kind: RecoveredKind,
  type: 'PIPE' | 'FIFO',
): Promise<Found[]> {
  const size = ctx.sizes.get(image);
  if (size === undefined) return [];
  const member = CHECKPOINT + image;
  const ends = new Map<number, { owners: RecoveredOwner[]; path: string | null }>();
  for (const [id, payload] of ctx.files.byType(type)) {
    const pipeId = numField(payload, 'pipe_id');
    if (pipeId === null) continue;
    const at = ends.get(pipeId) ?? { owners: [], path: null };
    at.owners.push(...ctx.files.owners(id));
    if (type === 'FIFO') at.path ??= ctx.files.regPath(numField(payload, 'regf_id') ?? id);
    ends.set(pipeId, at);
  }
  const out: Found[] = [];
  const walk = await walkFrames(
    ctx.session,
    image,
    size,
    type === 'PIPE' ? 'PIPES_DATA' : 'FIFO_DATA',
    'pipe_data_entry',
    (e) => numField(e, 'bytes') ?? 0,
    ({ entry, dataAt }, declared, held) => {
      const pipeId = numField(entry, 'pipe_id') ?? 0;
      const end = ends.get(pipeId);
      out.push({
        id: `${kind}:${pipeId}`,
        kind,
        label: end?.path ?? `pipe:[${pipeId}]`,
        owners: end?.owners ?? [],
        member,
        declaredSize: held < declared ? declared : null,
        details: { pipeId, pipeSize: numField(entry, 'size') },
        segments: held > 0 ? [{ member, offset: dataAt, length: held }] : [],
      });
    },
  );
  if (walk.problem !== null) ctx.problems.push(dataProblem(member, walk.problem));
  return out;
}

export const findPipes: Finder = (ctx) => pipeData(ctx, 'pipes-data.img', 'pipe', 'PIPE');
export const findFifos: Finder = (ctx) => pipeData(ctx, 'fifo-data.img', 'fifo', 'FIFO');
