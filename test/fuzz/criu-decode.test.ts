// Fuzz target: CRIU framing and every schema decoder (decodeImage for every
// magic) on schema-shaped random entries, mutated real images and random
// bytes. Pretty output must be plain JSON: it crosses the contract.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeImage,
  IMAGE_HANDLERS,
  IMG_COMMON_MAGIC,
  IMG_SERVICE_MAGIC,
  MAGICS,
  messageType,
  sniffImage,
  type DecodeOptions,
} from '../../electron/criu';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { criuImages, criuSizeOffsets, loadTar, scratch, TAR_FIXTURES, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb } from './support/mutate';
import { settleSync } from './support/outcome';
import { assertPlainJson } from './support/plain-json';
import { messageBytes } from './support/protobuf-arb';

let s: Scratch;
let images: [string, Buffer][] = [];

beforeAll(async () => {
  s = await scratch();
  const tars = [];
  for (const name of TAR_FIXTURES) tars.push(await loadTar(name, s.cacheDir));
  images = [...criuImages(tars)];
});
afterAll(async () => s.dispose());

function imageHeader(magic: string): Buffer {
  const value = MAGICS[magic]!;
  if (magic === 'INVENTORY') return Buffer.from(Uint32Array.of(value).buffer);
  const common = magic === 'STATS' || magic === 'IRMAP_CACHE' ? IMG_SERVICE_MAGIC : IMG_COMMON_MAGIC;
  return Buffer.from(Uint32Array.of(common, value).buffer);
}

const sized = (payload: Buffer) => Buffer.concat([Buffer.from(Uint32Array.of(payload.length).buffer), payload]);

const optionsArb: fc.Arbitrary<DecodeOptions> = fc.record(
  {
    pretty: fc.boolean(),
    maxEntries: fc.integer({ min: 0, max: 6 }),
    maxEntrySize: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 1 << 20 })),
    startEntry: fc.integer({ min: 0, max: 4 }),
    name: fc.constantFrom('pages-1.img', 'core-1.img', 'tmpfs-dev-58.tar.gz.img', 'x'),
  },
  { requiredKeys: [] },
);

/** Decodes; a result must be well formed (plain JSON when pretty, with exact bigints beyond 2^53). */
function check(bytes: Buffer, opts: DecodeOptions): void {
  const out = settleSync('decodeImage', () => decodeImage(bytes, opts));
  if ('value' in out) {
    const { value } = out;
    expect(Array.isArray(value.entries)).toBe(true);
    if ((opts.maxEntries ?? 1) > 0) expect(value.entries.length).toBeLessThanOrEqual(opts.maxEntries ?? Infinity);
    if (opts.pretty !== false) assertPlainJson(value, '$', { bigint: true });
  }
  settleSync('sniffImage', () => sniffImage(bytes.subarray(0, 8), opts.name));
}

describe('CRIU decoder fuzz', () => {
  const magics = Object.keys(IMAGE_HANDLERS);
  const perMagic = caseCount(5, 0.45 / magics.length);

  it(
    `decodes or fails typed on ${perMagic} schema-shaped images for each of the ${magics.length} magics`,
    () => {
      expect(magics.every((m) => MAGICS[m] !== undefined)).toBe(true);
      for (const magic of magics) {
        const handler = IMAGE_HANDLERS[magic]!;
        const entryType = messageType(handler.message);
        const firstType = handler.special === 'pagemap' ? messageType('pagemap_head') : entryType;
        const extra = handler.extra !== undefined || handler.special === 'ghost-file';
        const entry = fc.tuple(
          messageBytes(entryType),
          extra ? fc.uint8Array({ maxLength: 40 }) : fc.constant(new Uint8Array()),
        );
        const image = fc
          .tuple(messageBytes(firstType), fc.array(entry, { maxLength: 5 }), fc.uint8Array({ maxLength: 6 }))
          .map(([first, rest, trailer]) =>
            Buffer.concat([imageHeader(magic), sized(first), ...rest.flatMap(([p, x]) => [sized(p), x]), trailer]),
          );
        fc.assert(
          fc.property(image, optionsArb, (bytes, opts) =>
            check(bytes, {
              ...opts,
              name: opts.name === 'x' ? undefined : opts.name === 'core-1.img' ? opts.name : undefined,
            }),
          ),
          fuzzParams(perMagic),
        );
      }
    },
    timeoutFor(perMagic * magics.length, 5),
  );

  const mutated = caseCount(250, 0.45);
  it(
    `decodes or fails typed on ${mutated} mutated real images (size words 0, -1, 2^32-1 ...)`,
    () => {
      expect(images.length).toBeGreaterThan(20);
      fc.assert(
        fc.property(
          fc.oneof(
            ...images.map(([, bytes], i) => {
              const hints = { spots: criuSizeOffsets(bytes) };
              return fc.tuple(
                fc.constant(i),
                mutationsArb(hints, 3),
                optionsArb.map((o) => ({ ...o, name: undefined })),
              );
            }),
          ),
          ([i, mutations, opts]) => {
            const bytes = images[i]![1];
            check(applyAll(bytes, mutations, { spots: criuSizeOffsets(bytes) }), opts);
          },
        ),
        fuzzParams(mutated),
      );
    },
    timeoutFor(mutated, 5),
  );

  const random = caseCount(150, 0.1);
  it(
    `fails typed on ${random} random payloads behind every magic`,
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 400 }), optionsArb, (magic, tail, opts) =>
          check(Buffer.concat([imageHeader(magic), tail]), { ...opts, name: undefined }),
        ),
        fuzzParams(random),
      );
    },
    timeoutFor(random, 5),
  );
});
