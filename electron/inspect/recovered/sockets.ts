import { enumName, field, numField, type Entry } from '../crit-values';
import { FAMILIES, inetAddress, TCP_STATES } from '../net-names';
import { unixName } from '../net-names';
import { CHECKPOINT, walkFrames } from './image-io';
import { dataProblem, type Finder, type Found } from './found';
import type { Segment } from './segments';

function unixLabel(usk: Entry): string {
  const name = unixName(usk);
  const ino = numField(usk, 'ino') ?? 0;
  const peer = numField(usk, 'peer') ?? 0;
  return `unix[${ino}${peer ? ` (${peer})` : ''}${name ? ` ${name}` : ''}]`;
}

function inetEnd(isk: Entry, side: 'src' | 'dst'): string {
  const family = enumName(field(isk, 'family'), FAMILIES) ?? '';
  const address = inetAddress(field(isk, `${side}_addr`), family);
  const port = numField(isk, `${side}_port`) ?? 0;
  return family === 'AF_INET6' ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Queued messages of unix and packet sockets (sk-queues.img): sk_packet_entry
 * {id_for, length} then the message. One item per socket, its messages in
 * order; the details count them.
 */
export const findSocketQueues: Finder = async (ctx) => {
  const image = 'sk-queues.img';
  const size = ctx.sizes.get(image);
  if (size === undefined) return [];
  const member = CHECKPOINT + image;
  const bySocket = new Map<number, { segments: Segment[]; messages: number; declared: number; held: number }>();
  const walk = await walkFrames(
    ctx.session,
    image,
    size,
    'SK_QUEUES',
    'sk_packet_entry',
    (e) => numField(e, 'length') ?? 0,
    ({ entry, dataAt }, declared, held) => {
      const id = numField(entry, 'id_for') ?? 0;
      const queue = bySocket.get(id) ?? { segments: [], messages: 0, declared: 0, held: 0 };
      if (held > 0) queue.segments.push({ member, offset: dataAt, length: held });
      queue.messages++;
      queue.declared += declared;
      queue.held += held;
      bySocket.set(id, queue);
    },
  );
  if (walk.problem !== null) ctx.problems.push(dataProblem(member, walk.problem));
  const unix = ctx.files.byType('UNIXSK');
  const packet = ctx.files.byType('PACKETSK');
  return [...bySocket].map(([id, queue]): Found => {
    const usk = unix.get(id);
    const label = usk ? unixLabel(usk) : packet.has(id) ? `packet socket ${id}` : `socket ${id}`;
    return {
      id: `socket-queue:${id}`,
      kind: 'socket-queue',
      label,
      owners: ctx.files.owners(id),
      member,
      declaredSize: queue.held < queue.declared ? queue.declared : null,
      details: {
        socketId: id,
        family: usk ? 'AF_UNIX' : packet.has(id) ? 'AF_PACKET' : null,
        messages: queue.messages,
      },
      segments: queue.segments,
    };
  });
};

/**
 * The queues of established TCP connections (tcp-stream-INO.img, CRIU's
 * --tcp-established): one tcp_stream_entry, then inq_len bytes received and
 * not read, then outq_len bytes sent and not acknowledged. Two items each.
 */
export const findTcpStreams: Finder = async (ctx) => {
  const byIno = new Map<number, { id: number; isk: Entry }>();
  for (const [id, isk] of ctx.files.byType('INETSK')) {
    const ino = numField(isk, 'ino');
    if (ino !== null && !byIno.has(ino)) byIno.set(ino, { id, isk });
  }
  const out: Found[] = [];
  const names = [...ctx.sizes.keys()].filter((n) => /^tcp-stream-[0-9a-f]+\.img$/.test(n)).sort();
  for (const image of names) {
    const member = CHECKPOINT + image;
    const ino = parseInt(image.slice('tcp-stream-'.length, -'.img'.length), 16);
    const sock = byIno.get(ino);
    const label = sock ? `${inetEnd(sock.isk, 'src')} -> ${inetEnd(sock.isk, 'dst')}` : `TCP socket ino ${ino}`;
    const owners = sock ? ctx.files.owners(sock.id) : [];
    const state = sock ? enumName(field(sock.isk, 'state'), TCP_STATES) : null;
    let first = true;
    const walk = await walkFrames(
      ctx.session,
      image,
      ctx.sizes.get(image)!,
      'TCP_STREAM',
      'tcp_stream_entry',
      (e) => (numField(e, 'inq_len') ?? 0) + (numField(e, 'outq_len') ?? 0),
      ({ entry, dataAt }, _declared, held) => {
        if (!first) return;
        first = false;
        const inq = numField(entry, 'inq_len') ?? 0;
        const outq = numField(entry, 'outq_len') ?? 0;
        const queues = [
          {
            kind: 'tcp-in' as const,
            at: dataAt,
            declared: inq,
            held: Math.min(inq, held),
            seq: numField(entry, 'inq_seq'),
          },
          {
            kind: 'tcp-out' as const,
            at: dataAt + inq,
            declared: outq,
            held: Math.max(0, held - inq),
            seq: numField(entry, 'outq_seq'),
          },
        ];
        for (const q of queues) {
          out.push({
            id: `${q.kind}:${ino}`,
            kind: q.kind,
            label,
            owners,
            member,
            declaredSize: q.held < q.declared ? q.declared : null,
            details: { ino, state, seq: q.seq, unsent: q.kind === 'tcp-out' ? numField(entry, 'unsq_len') : null },
            segments: q.held > 0 ? [{ member, offset: q.at, length: q.held }] : [],
          });
        }
      },
    );
    if (walk.problem !== null) ctx.problems.push(dataProblem(member, walk.problem));
  }
  return out;
};

/** Terminal input and output not yet read (tty-data.img: tty_data_entry {tty_id, data}). */
export const findTtyData: Finder = async (ctx) => {
  const image = 'tty-data.img';
  const size = ctx.sizes.get(image);
  if (size === undefined) return [];
  const member = CHECKPOINT + image;
  const out: Found[] = [];
  const walk = await walkFrames(
    ctx.session,
    image,
    size,
    'TTY_DATA',
    'tty_data_entry',
    () => 0,
    ({ entry }) => {
      const ttyId = numField(entry, 'tty_id') ?? 0;
      const data = field(entry, 'data');
      const bytes = data instanceof Uint8Array ? Buffer.from(data) : Buffer.alloc(0);
      const owners = [...ctx.files.byType('TTY')]
        .filter(([id, tty]) => numField(tty, 'tty_info_id') === ttyId || id === ttyId)
        .flatMap(([id]) => ctx.files.owners(id));
      const n = out.filter((f) => f.details['ttyId'] === ttyId).length;
      out.push({
        id: `tty:${ttyId}${n ? `.${n}` : ''}`,
        kind: 'tty',
        label: `tty ${ttyId}`,
        owners,
        member,
        declaredSize: null,
        details: { ttyId },
        segments: bytes.length > 0 ? [{ length: bytes.length, bytes }] : [],
      });
    },
  );
  if (walk.problem !== null) ctx.problems.push(dataProblem(member, walk.problem));
  return out;
};
