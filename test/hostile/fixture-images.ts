import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../../electron/criu';
import { messageType } from '../../electron/criu/schema';
import { BLOCK } from './tar-writer';

const FIXTURE = join(__dirname, '..', 'fixtures', 'containerd-cri-web.tar');
let cached: Record<string, Buffer> | undefined;

/**
 * The real CRIU images of the fixture checkpoint, keyed by their name under
 * checkpoint/. The fixture is ours and plain ustar, so a header walk suffices.
 */
export function fixtureImages(): Record<string, Buffer> {
  if (cached) return { ...cached };
  const tarBytes = readFileSync(FIXTURE);
  const out: Record<string, Buffer> = {};
  for (let at = 0; at + BLOCK <= tarBytes.length;) {
    const head = tarBytes.subarray(at, at + BLOCK);
    if (head.every((b) => b === 0)) break;
    const name = head.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(head.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(head[156] ?? 0x30);
    if ((type === '0' || type === '\0') && name.startsWith('checkpoint/')) {
      out[name.slice('checkpoint/'.length)] = Buffer.from(tarBytes.subarray(at + BLOCK, at + BLOCK + size));
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  cached = out;
  return { ...out };
}

/** bigint to decimal string (protobufjs takes those for 64-bit fields), recursively. */
function encodable(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(encodable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodable(v)]));
  }
  return value;
}

/** The entries of a fixture image decoded raw (pretty: false), for editing. */
export function rawEntries(name: string): Record<string, unknown>[] {
  const bytes = fixtureImages()[name];
  if (!bytes) throw new Error(`fixture has no ${name}`);
  return decodeImage(bytes, { pretty: false, name }).entries as Record<string, unknown>[];
}

/** An image with the magic header of `like` and the given entries, each encoded as `type`. */
export function reencode(like: string, type: string, entries: readonly Record<string, unknown>[]): Buffer {
  const original = fixtureImages()[like];
  if (!original) throw new Error(`fixture has no ${like}`);
  const t = messageType(type);
  const parts = [original.subarray(0, 8)];
  for (const e of entries) {
    const payload = Buffer.from(t.encode(t.fromObject(encodable(e) as Record<string, unknown>)).finish());
    const size = Buffer.alloc(4);
    size.writeUInt32LE(payload.length);
    parts.push(size, payload);
  }
  return Buffer.concat(parts);
}

/** A copy of an image with the first entry's size word replaced. */
export function withFirstSize(name: string, size: number): Buffer {
  const bytes = Buffer.from(fixtureImages()[name] ?? Buffer.alloc(0));
  bytes.writeUInt32LE(size, 8);
  return bytes;
}
