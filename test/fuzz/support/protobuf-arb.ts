/**
 * Random protobuf wire bytes shaped by a message type: mostly the fields the
 * schema declares with their own wire type (so decoding goes deep into
 * crit's pretty forms), sometimes the wrong wire type, unknown fields,
 * extreme varints and nested messages of random content.
 */
import fc from 'fast-check';
import protobuf from 'protobufjs';

const VARINT = new Set(['int32', 'uint32', 'sint32', 'int64', 'uint64', 'sint64', 'bool']);
const FIXED64 = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32 = new Set(['fixed32', 'sfixed32', 'float']);

function varint(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}

const tag = (id: number, wire: number) => varint((BigInt(id) << 3n) | BigInt(wire));
const delimited = (id: number, payload: Buffer) => Buffer.concat([tag(id, 2), varint(BigInt(payload.length)), payload]);

const extremeVarint = fc.oneof(
  fc.constantFrom(
    0n,
    1n,
    2n,
    0x7fffffffn,
    0x80000000n,
    0xffffffffn,
    2n ** 53n,
    2n ** 53n + 1n,
    2n ** 63n,
    2n ** 64n - 1n,
    -1n,
  ),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.integer({ min: 0, max: 70000 }).map(BigInt),
);

const randomPayload = fc.uint8Array({ maxLength: 48 }).map((a) => Buffer.from(a));
const textPayload = fc.oneof(
  fc.string({ maxLength: 40 }).map((t) => Buffer.from(t)),
  fc.constantFrom(Buffer.from([0xff, 0xfe]), Buffer.from('/'), Buffer.from('a\0b'), Buffer.alloc(0)),
);

function scalarField(field: protobuf.Field, enumValues: number[] | null): fc.Arbitrary<Buffer> {
  const id = field.id;
  if (enumValues !== null) {
    return fc
      .oneof(fc.constantFrom(...enumValues.map(BigInt)), extremeVarint)
      .map((v) => Buffer.concat([tag(id, 0), varint(v)]));
  }
  if (VARINT.has(field.type)) {
    const one = extremeVarint.map((v) => Buffer.concat([tag(id, 0), varint(v)]));
    if (!field.repeated) return one;
    // Packed form: repeated scalars in one length-delimited field.
    return fc.oneof(
      one,
      fc.array(extremeVarint, { maxLength: 6 }).map((vs) => delimited(id, Buffer.concat(vs.map(varint)))),
    );
  }
  if (FIXED64.has(field.type)) {
    return fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.concat([tag(id, 1), b]));
  }
  if (FIXED32.has(field.type)) {
    return fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.concat([tag(id, 5), b]));
  }
  if (field.type === 'string') return textPayload.map((p) => delimited(id, p));
  return randomPayload.map((p) => delimited(id, p));
}

const cache = new Map<string, fc.Arbitrary<Buffer>>();

/** Wire bytes of one message of `type`, nesting at most `depth` levels. */
export function messageBytes(type: protobuf.Type, depth = 3): fc.Arbitrary<Buffer> {
  const key = `${type.fullName}@${depth}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fieldArbs: fc.Arbitrary<Buffer>[] = [];
  for (const field of type.fieldsArray) {
    field.resolve();
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) {
      fieldArbs.push(
        depth > 0
          ? messageBytes(resolved, depth - 1).map((p) => delimited(field.id, p))
          : randomPayload.map((p) => delimited(field.id, p)),
      );
    } else {
      fieldArbs.push(scalarField(field, resolved instanceof protobuf.Enum ? Object.values(resolved.values) : null));
    }
  }
  const wrong = fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 1, 2, 5), extremeVarint, randomPayload)
    .map(([id, wire, v, p]) =>
      wire === 0
        ? Buffer.concat([tag(id, 0), varint(v)])
        : wire === 2
          ? delimited(id, p)
          : Buffer.concat([tag(id, wire), p.subarray(0, wire === 1 ? 8 : 4)]),
    );
  const one =
    fieldArbs.length > 0
      ? fc.oneof({ arbitrary: fc.oneof(...fieldArbs), weight: 6 }, { arbitrary: wrong, weight: 1 })
      : wrong;
  // Required fields first most of the time, so the decoder gets past its presence checks.
  const required = type.fieldsArray.filter((f) => f.required);
  const requiredArb =
    required.length === 0
      ? fc.constant(Buffer.alloc(0))
      : fc.tuple(...required.map((f) => fieldArbs[type.fieldsArray.indexOf(f)]!)).map((parts) => Buffer.concat(parts));
  const arb = fc
    .tuple(
      fc.oneof({ arbitrary: requiredArb, weight: 4 }, { arbitrary: fc.constant(Buffer.alloc(0)), weight: 1 }),
      fc.array(one, { maxLength: depth > 1 ? 8 : 3 }),
    )
    .map(([req, rest]) => Buffer.concat([req, ...rest]));
  cache.set(key, arb);
  return arb;
}
