/**
 * Mutations of real inputs as plain data (so fast-check prints a readable
 * counterexample): bit flips, byte sets, truncations, inserted, deleted and
 * duplicated regions, length words set to 0, -1, 2^31 and 2^32-1, and tar
 * header fields rewritten (checksum fixed or not). Positions prefer the
 * offsets a target cares about (tar headers, CRIU size prefixes).
 */
import fc from 'fast-check';

export interface Hints {
  /** Offsets of 512-byte tar headers. */
  headers?: readonly number[];
  /** Offsets of length words and other places worth hitting (CRIU size prefixes, payload starts). */
  spots?: readonly number[];
}

/** A position: near a hinted spot (hint !== null) or anywhere (raw). */
export interface Pos {
  hint: number | null;
  delta: number;
  raw: number;
}

const TAR_FIELDS = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  size: [124, 12],
  mtime: [136, 12],
  chksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;
type TarField = keyof typeof TAR_FIELDS;

export type Mutation =
  | { kind: 'flip'; at: Pos; bit: number }
  | { kind: 'set'; at: Pos; byte: number }
  | { kind: 'truncate'; at: Pos }
  | { kind: 'insert'; at: Pos; bytes: Uint8Array }
  | { kind: 'delete'; at: Pos; length: number }
  | { kind: 'duplicate'; from: Pos; length: number; at: Pos }
  | { kind: 'word'; at: Pos; value: number; width: 4 | 8; bigEndian: boolean }
  | { kind: 'tar'; header: number; field: TarField; value: Uint8Array; fixChecksum: boolean };

/** 0, -1 (as unsigned), 2^32-1, 2^31, small and off-by-one values, anything. */
const WORD_VALUES = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 8, 512, 4096, 0x10000];

function posArb(hints: Hints): fc.Arbitrary<Pos> {
  const spots = (hints.spots?.length ?? 0) + (hints.headers?.length ?? 0);
  const hinted = fc.record({ hint: fc.nat(), delta: fc.integer({ min: -8, max: 520 }), raw: fc.constant(0) });
  const anywhere = fc.record({ hint: fc.constant(null), delta: fc.constant(0), raw: fc.nat() });
  return spots > 0 ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: anywhere, weight: 1 }) : anywhere;
}

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
function base256(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = value < 0n ? (1n << BigInt(width * 8)) + value : value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = (out[0] ?? 0) | 0x80;
  return out;
}

function tarValueArb(field: TarField): fc.Arbitrary<Uint8Array> {
  const width = TAR_FIELDS[field][1];
  const anyBytes = fc.uint8Array({ minLength: 0, maxLength: width });
  switch (field) {
    case 'typeflag':
      return fc.oneof(fc.constantFrom(...'0123456789xgLKSVMDN\0'.split('').map(ascii)), anyBytes);
    case 'name':
    case 'linkname':
    case 'prefix':
      return fc.oneof(
        fc.constantFrom(
          ...[
            '',
            '../../etc/passwd',
            '/etc/shadow',
            '.',
            './././',
            'checkpoint',
            'checkpoint/pstree.img',
            'config.dump',
            'rootfs-diff.tar',
            'a'.repeat(width),
          ].map(ascii),
        ),
        anyBytes,
      );
    case 'magic':
      return fc.oneof(fc.constantFrom(ascii('ustar\x0000'), ascii('ustar  \0'), new Uint8Array(8)), anyBytes);
    default:
      return fc.oneof(
        fc.constantFrom(
          ascii('0'.repeat(width - 1) + '\0'),
          ascii('7'.repeat(width - 1) + '\0'),
          ascii('7'.repeat(width)),
          ascii(' '.repeat(width)),
          new Uint8Array(width),
          base256(-1n, width),
          base256(0xffffffffn, width),
          base256(2n ** 63n, width),
          base256(2n ** 53n, width),
          ascii('-1'.padEnd(width, '\0')),
        ),
        fc
          .bigInt({ min: 0n, max: 8n ** BigInt(width - 1) - 1n })
          .map((n) => ascii(n.toString(8).padStart(width - 1, '0') + '\0')),
        anyBytes,
      );
  }
}

export function mutationArb(hints: Hints = {}): fc.Arbitrary<Mutation> {
  const pos = posArb(hints);
  const parts: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('flip' as const), at: pos, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: pos, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: pos }),
    fc.record({ kind: fc.constant('insert' as const), at: pos, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: pos, length: fc.integer({ min: 1, max: 1024 }) }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      from: pos,
      length: fc.integer({ min: 1, max: 2048 }),
      at: pos,
    }),
    fc.record({
      kind: fc.constant('word' as const),
      at: pos,
      value: fc.oneof(fc.constantFrom(...WORD_VALUES), fc.nat({ max: 0xffffffff })),
      width: fc.constantFrom(4 as const, 8 as const),
      bigEndian: fc.boolean(),
    }),
  ];
  if ((hints.headers?.length ?? 0) > 0) {
    const tar = fc.constantFrom(...(Object.keys(TAR_FIELDS) as TarField[])).chain((field) =>
      fc.record({
        kind: fc.constant('tar' as const),
        header: fc.nat(),
        field: fc.constant(field),
        value: tarValueArb(field),
        fixChecksum: fc.boolean(),
      }),
    );
    parts.push(tar, tar, tar);
  }
  return fc.oneof(...parts);
}

/** One to `max` mutations applied in order. */
export function mutationsArb(hints: Hints = {}, max = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArb(hints), { minLength: 1, maxLength: max });
}

function resolve(at: Pos, hints: Hints, length: number): number {
  if (length === 0) return 0;
  if (at.hint !== null) {
    const all = [...(hints.headers ?? []), ...(hints.spots ?? [])];
    const base = all[at.hint % all.length] ?? 0;
    return Math.min(length - 1, Math.max(0, base + at.delta));
  }
  return at.raw % length;
}

function fixTarChecksum(buf: Buffer, start: number): void {
  if (start + 512 > buf.length) return;
  buf.fill(0x20, start + 148, start + 156);
  let sum = 0;
  for (let i = start; i < start + 512; i++) sum += buf[i] ?? 0;
  Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `, 'latin1').copy(buf, start + 148);
}

export function applyMutation(input: Buffer, m: Mutation, hints: Hints): Buffer {
  const n = input.length;
  switch (m.kind) {
    case 'flip':
    case 'set': {
      if (n === 0) return input;
      const out = Buffer.from(input);
      const i = resolve(m.at, hints, n);
      out[i] = m.kind === 'flip' ? (out[i] ?? 0) ^ (1 << m.bit) : m.byte;
      return out;
    }
    case 'truncate':
      return input.subarray(0, resolve(m.at, hints, n));
    case 'insert': {
      const i = resolve(m.at, hints, n);
      return Buffer.concat([input.subarray(0, i), m.bytes, input.subarray(i)]);
    }
    case 'delete': {
      const i = resolve(m.at, hints, n);
      return Buffer.concat([input.subarray(0, i), input.subarray(i + m.length)]);
    }
    case 'duplicate': {
      const from = resolve(m.from, hints, n);
      const at = resolve(m.at, hints, n);
      return Buffer.concat([input.subarray(0, at), input.subarray(from, from + m.length), input.subarray(at)]);
    }
    case 'word': {
      const out = Buffer.from(input);
      const i = resolve(m.at, hints, n);
      if (i + m.width > n) return out;
      if (m.width === 4) {
        if (m.bigEndian) out.writeUInt32BE(m.value, i);
        else out.writeUInt32LE(m.value, i);
      } else {
        const v = m.value === 0xffffffff ? 0xffffffffffffffffn : BigInt(m.value);
        if (m.bigEndian) out.writeBigUInt64BE(v, i);
        else out.writeBigUInt64LE(v, i);
      }
      return out;
    }
    case 'tar': {
      const headers = hints.headers ?? [];
      const start = headers[m.header % Math.max(1, headers.length)] ?? 0;
      const [offset, width] = TAR_FIELDS[m.field];
      if (start + 512 > n) return input;
      const out = Buffer.from(input);
      out.fill(0, start + offset, start + offset + width);
      Buffer.from(m.value).copy(out, start + offset, 0, width);
      if (m.fixChecksum && m.field !== 'chksum') fixTarChecksum(out, start);
      return out;
    }
  }
}

export function applyAll(input: Buffer, mutations: readonly Mutation[], hints: Hints): Buffer {
  return mutations.reduce((buf, m) => applyMutation(buf, m, hints), input);
}
