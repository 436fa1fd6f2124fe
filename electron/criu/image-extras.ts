import { corrupt, roundUp, type ImageCursor } from './image-cursor';
import type { ExtraKind } from './image-handlers';
import { messageType } from './schema';
import { base64Lines } from './crit-bytes';
import { jsonInteger, messageToObject } from './to-json';
import { decodeMessage, WireError, type RawMessage } from './wire';

/**
 * The payloads that follow some entries (crit's *_extra_handler classes).
 * Pretty: base64 text as crit prints it; plain: Buffers.
 */
function blob(bytes: Buffer, pretty: boolean): string | Buffer {
  return pretty ? base64Lines(bytes) : Buffer.from(bytes);
}

/** An unsigned integer field of a decoded entry (0 when absent, as protobuf defaults). */
export function sizeField(msg: RawMessage, name: string, entry: number, cur: ImageCursor): number {
  const field = msg.type.fields[name];
  const value = field === undefined ? undefined : msg.fields.get(field.id);
  if (value === undefined) return 0;
  if (typeof value !== 'number' || value < 0) throw corrupt(entry, cur.pos, `${name} is not a usable size`);
  return value;
}

export function readExtra(kind: ExtraKind, msg: RawMessage, cur: ImageCursor, entry: number, pretty: boolean): unknown {
  switch (kind) {
    case 'pipe-data':
      return blob(cur.take(sizeField(msg, 'bytes', entry, cur), entry, 'pipe data'), pretty);
    case 'sk-queue':
      return blob(cur.take(sizeField(msg, 'length', entry, cur), entry, 'socket queue data'), pretty);
    case 'bpfmap-data': {
      const size = sizeField(msg, 'keys_bytes', entry, cur) + sizeField(msg, 'values_bytes', entry, cur);
      return blob(cur.take(size, entry, 'BPF map data'), pretty);
    }
    case 'tcp-stream': {
      const inq = cur.take(sizeField(msg, 'inq_len', entry, cur), entry, 'TCP input queue');
      const outq = cur.take(sizeField(msg, 'outq_len', entry, cur), entry, 'TCP output queue');
      return { inq: blob(inq, pretty), outq: blob(outq, pretty) };
    }
    case 'ipc-shm': {
      // Newer CRIU keeps the segment in a pagemap instead (crit does not know this flag).
      const inPagemaps = msg.fields.get(msg.type.fields['in_pagemaps']?.id ?? -1);
      if (inPagemaps === true) return undefined;
      const size = sizeField(msg, 'size', entry, cur);
      const data = cur.take(size, entry, 'shared memory contents');
      cur.skip(roundUp(size, 4) - size, entry, 'shared memory padding');
      return blob(data, pretty);
    }
    case 'ipc-sem': {
      const size = 2 * sizeField(msg, 'nsems', entry, cur);
      const data = cur.take(size, entry, 'semaphore values');
      cur.skip(roundUp(size, 8) - size, entry, 'semaphore padding');
      const values: number[] = [];
      for (let i = 0; i + 1 < data.length; i += 2) values.push(data.readUInt16LE(i));
      return values;
    }
    case 'ipc-msg':
      return readMessageQueue(msg, cur, entry, pretty);
  }
}

/** A SysV message queue: qnum times a size-prefixed ipc_msg and its text, padded to 8 bytes. */
function readMessageQueue(msg: RawMessage, cur: ImageCursor, entry: number, pretty: boolean): unknown[] {
  const out: unknown[] = [];
  const qnum = sizeField(msg, 'qnum', entry, cur);
  const type = messageType('ipc_msg');
  for (let i = 0; i < qnum; i++) {
    const size = cur.sizePrefix(entry);
    if (size === undefined) break;
    const bytes = cur.take(size, entry, `queued message ${i}`);
    let header: RawMessage;
    try {
      header = decodeMessage(type, bytes);
    } catch (error) {
      if (error instanceof WireError) throw corrupt(entry, cur.pos, `queued message ${i}: ${error.message}`);
      throw error;
    }
    const msize = sizeField(header, 'msize', entry, cur);
    const text = cur.take(msize, entry, `queued message ${i} text`);
    cur.skip(roundUp(msize, 8) - msize, entry, 'message padding');
    // crit prints the queued message headers in the non-pretty form.
    const plain = messageToObject(header, false);
    if (pretty) for (const [k, v] of Object.entries(plain)) if (typeof v === 'bigint') plain[k] = jsonInteger(v);
    out.push(plain, blob(text, pretty));
  }
  return out;
}
