import type protobuf from 'protobufjs';

/**
 * A protobuf wire decoder driven by the reflected schema. We do not use
 * protobufjs's generated decoders because CRIU images need exact 64-bit
 * integers (rlimits of 2^64-1, sigset masks), strict bounds on hostile input,
 * and field presence (crit prints only the fields present on the wire).
 *
 * 64-bit integers are a number when they are a safe integer, else a bigint.
 */
export type RawScalar = number | bigint | boolean | string | Uint8Array;
export type RawValue = RawScalar | RawMessage;

export interface RawMessage {
  readonly type: protobuf.Type;
  /** Field id to value; repeated fields hold arrays. Unknown fields are dropped. */
  readonly fields: Map<number, RawValue | RawValue[]>;
}

export class WireError extends Error {}

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8');

const VARINT_TYPES = new Set(['int32', 'uint32', 'sint32', 'int64', 'uint64', 'sint64', 'bool', 'enum']);
const FIXED64_TYPES = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32_TYPES = new Set(['fixed32', 'sfixed32', 'float']);

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** A varint as two unsigned 32-bit halves. */
  varint(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++]! & 0x7f;
      if (i < 4) lo |= b << (7 * i);
      else if (i === 4) {
        lo |= b << 28;
        hi |= b >>> 4;
      } else hi |= b << (7 * i - 32);
      if ((this.buf[this.pos - 1]! & 0x80) === 0) return [lo >>> 0, hi >>> 0];
    }
    throw new WireError('varint longer than 10 bytes');
  }

  bytes(length: number): Uint8Array {
    if (length > this.end - this.pos)
      throw new WireError(`length ${length} exceeds the ${this.end - this.pos} bytes left`);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  lengthPrefix(): number {
    const [lo, hi] = this.varint();
    if (hi !== 0) throw new WireError('length prefix too large');
    return lo;
  }
}

function u64(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function narrow(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function fromVarint(type: string, lo: number, hi: number): RawScalar {
  switch (type) {
    case 'uint32':
      return lo;
    case 'int32':
    case 'enum':
      return lo | 0;
    case 'sint32':
      return (lo >>> 1) ^ -(lo & 1);
    case 'bool':
      return lo !== 0 || hi !== 0;
    case 'uint64':
      return hi < 0x200000 ? hi * 2 ** 32 + lo : u64(lo, hi);
    case 'int64':
      return narrow(BigInt.asIntN(64, u64(lo, hi)));
    default: {
      const n = u64(lo, hi);
      return narrow((n >> 1n) ^ -(n & 1n));
    }
  }
}

function fromFixed(type: string, bytes: Uint8Array): RawScalar {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'fixed32':
      return view.getUint32(0, true);
    case 'sfixed32':
      return view.getInt32(0, true);
    case 'float':
      return view.getFloat32(0, true);
    case 'double':
      return view.getFloat64(0, true);
    case 'fixed64':
      return narrow(view.getBigUint64(0, true));
    default:
      return narrow(view.getBigInt64(0, true));
  }
}

function readScalar(r: Reader, type: string, wire: number): RawScalar | undefined {
  if (wire === 0 && VARINT_TYPES.has(type)) {
    const [lo, hi] = r.varint();
    return fromVarint(type, lo, hi);
  }
  if (wire === 1 && FIXED64_TYPES.has(type)) return fromFixed(type, r.bytes(8));
  if (wire === 5 && FIXED32_TYPES.has(type)) return fromFixed(type, r.bytes(4));
  return undefined;
}

function skipField(r: Reader, wire: number, fieldId: number, depth: number): void {
  switch (wire) {
    case 0:
      r.varint();
      return;
    case 1:
      r.bytes(8);
      return;
    case 2:
      r.bytes(r.lengthPrefix());
      return;
    case 5:
      r.bytes(4);
      return;
    case 3: {
      if (depth >= MAX_DEPTH) throw new WireError('groups nested too deeply');
      for (;;) {
        const [tag] = r.varint();
        if ((tag & 7) === 4) {
          if (tag >>> 3 !== fieldId) throw new WireError('mismatched end of group');
          return;
        }
        skipField(r, tag & 7, tag >>> 3, depth + 1);
      }
    }
    default:
      throw new WireError(`invalid wire type ${wire}`);
  }
}

function store(msg: RawMessage, field: protobuf.Field, value: RawValue): void {
  if (field.repeated) {
    const list = msg.fields.get(field.id);
    if (Array.isArray(list)) list.push(value);
    else msg.fields.set(field.id, [value]);
  } else msg.fields.set(field.id, value);
}

function scalarTypeOf(field: protobuf.Field): string {
  return field.resolvedType !== null && !('fields' in field.resolvedType) ? 'enum' : field.type;
}

function decodeInto(msg: RawMessage, r: Reader, depth: number): void {
  if (depth > MAX_DEPTH) throw new WireError('messages nested too deeply');
  while (r.pos < r.end) {
    const [tag, tagHi] = r.varint();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (id === 0 || tagHi !== 0) throw new WireError(`invalid field number in tag at byte ${r.pos}`);
    const field = msg.type.fieldsById[id];
    if (field === undefined) {
      skipField(r, wire, id, depth);
      continue;
    }
    const resolved = field.resolvedType;
    if (resolved !== null && 'fields' in resolved) {
      if (wire !== 2) {
        skipField(r, wire, id, depth);
        continue;
      }
      const length = r.lengthPrefix();
      const sub = new Reader(r.buf, r.pos, r.pos + length);
      if (sub.end > r.end) throw new WireError(`length ${length} exceeds the ${r.end - r.pos} bytes left`);
      r.pos = sub.end;
      const previous = field.repeated ? undefined : msg.fields.get(id);
      // A singular message seen twice is merged, as protobuf parsers do.
      const target =
        previous !== undefined && isRawMessage(previous) ? previous : { type: resolved, fields: new Map() };
      decodeInto(target, sub, depth + 1);
      if (target !== previous) store(msg, field, target);
      continue;
    }
    const type = scalarTypeOf(field);
    if (type === 'string' || type === 'bytes') {
      if (wire !== 2) {
        skipField(r, wire, id, depth);
        continue;
      }
      const bytes = r.bytes(r.lengthPrefix());
      store(msg, field, type === 'string' ? utf8.decode(bytes) : Uint8Array.from(bytes));
      continue;
    }
    if (wire === 2 && field.repeated) {
      const length = r.lengthPrefix();
      const packed = new Reader(r.buf, r.pos, r.pos + length);
      if (packed.end > r.end) throw new WireError(`length ${length} exceeds the ${r.end - r.pos} bytes left`);
      const elementWire = VARINT_TYPES.has(type) ? 0 : FIXED64_TYPES.has(type) ? 1 : 5;
      while (packed.pos < packed.end) {
        const value = readScalar(packed, type, elementWire);
        if (value === undefined) throw new WireError(`field ${field.name} cannot be packed`);
        store(msg, field, value);
      }
      r.pos = packed.end;
      continue;
    }
    const value = readScalar(r, type, wire);
    if (value === undefined) skipField(r, wire, id, depth);
    else store(msg, field, value);
  }
  if (r.pos !== r.end) throw new WireError('field runs past the end of its message');
}

export function isRawMessage(value: unknown): value is RawMessage {
  return typeof value === 'object' && value !== null && 'fields' in value && value.fields instanceof Map;
}

function checkRequired(msg: RawMessage, path: string): void {
  for (const field of msg.type.fieldsArray) {
    const value = msg.fields.get(field.id);
    if (field.required && value === undefined) {
      throw new WireError(`missing required field ${path}${field.name}`);
    }
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isRawMessage(item)) checkRequired(item, `${path}${field.name}.`);
    }
  }
}

/** Decode one message; throws WireError on malformed input. */
export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): RawMessage {
  const msg: RawMessage = { type, fields: new Map() };
  decodeInto(msg, new Reader(bytes, 0, bytes.length), 0);
  checkRequired(msg, '');
  return msg;
}
