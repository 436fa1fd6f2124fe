// Tiny CRIU images for tests, encoded with protobufjs from our own schema.
import protobuf from 'protobufjs';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, MAGICS } from '../../../electron/criu/magic';
import { messageType } from '../../../electron/criu/schema';

export interface TestEntry {
  type: string;
  value: Record<string, unknown>;
  /** Bytes written right after the entry (pipe data, queues, ...). */
  extra?: Buffer;
}

export function encodeEntry(type: string, value: Record<string, unknown>): Buffer {
  const t = messageType(type);
  const message = t.fromObject(value);
  return Buffer.from(t.encode(message).finish());
}

export function sizePrefixed(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(payload.length);
  return Buffer.concat([size, payload]);
}

export function header(magic: string): Buffer {
  const value = MAGICS[magic];
  if (value === undefined) throw new Error(`no magic ${magic}`);
  const out = Buffer.alloc(magic === 'INVENTORY' ? 4 : 8);
  if (magic === 'INVENTORY') out.writeUInt32LE(value, 0);
  else {
    out.writeUInt32LE(magic === 'STATS' || magic === 'IRMAP_CACHE' ? IMG_SERVICE_MAGIC : IMG_COMMON_MAGIC, 0);
    out.writeUInt32LE(value, 4);
  }
  return out;
}

export function buildImage(magic: string, entries: TestEntry[], trailer: Buffer = Buffer.alloc(0)): Buffer {
  const parts = [header(magic)];
  for (const e of entries) {
    parts.push(sizePrefixed(encodeEntry(e.type, e.value)));
    if (e.extra !== undefined) parts.push(e.extra);
  }
  parts.push(trailer);
  return Buffer.concat(parts);
}

/** A value of `type` with every required field set (recursively), nothing else. */
export function minimalObject(type: protobuf.Type, depth = 0): Record<string, unknown> {
  if (depth > 16) throw new Error('schema nests too deeply');
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!field.required) continue;
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) out[field.name] = minimalObject(resolved, depth + 1);
    else if (resolved instanceof protobuf.Enum) out[field.name] = Object.values(resolved.values)[0];
    else if (field.type === 'string') out[field.name] = 's';
    else if (field.type === 'bytes') out[field.name] = Buffer.from([1, 2]);
    else if (field.type === 'bool') out[field.name] = true;
    else out[field.name] = 1;
  }
  return out;
}
