// Fuzz target: the rootfs-diff reader: electron/archive openNestedTar on a
// mutated rootfs-diff.tar (plain from Podman, gzip from containerd) and the
// inspect rootfs view (rootfs(), readRootfsFile) with deleted.files mutated.
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, openNestedTar } from '../../electron/archive';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { loadTar, scratch, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb, type Hints, type Mutation } from './support/mutate';
import { settle, traceCase } from './support/outcome';
import { openAndExercise } from './support/session-views';
import { headerOffsets, outerArchive } from './support/small-archive';

let s: Scratch;
/** Uncompressed rootfs diffs of the fixtures and the rest of a small archive around them. */
const diffs: { tar: Buffer; hints: Hints; rest: [string, Buffer][] }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of ['containerd-cri-web.tar', 'podman-web-none.tar']) {
    const fixture = await loadTar(name, s.cacheDir);
    const raw = fixture.data.get('rootfs-diff.tar')!;
    const tar = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    const rest = ['config.dump', 'spec.dump', 'deleted.files'].flatMap((n): [string, Buffer][] => {
      const data = fixture.data.get(n);
      return data ? [[n, data]] : [];
    });
    diffs.push({ tar, hints: { headers: headerOffsets(tar) }, rest });
  }
});
afterAll(async () => s.dispose());

const deletedArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  fc.constantFrom(
    '[]',
    '["/etc/hosts"]',
    '[1, null, {}]',
    '{"a":1}',
    '"x"',
    '[',
    '["' + 'a/'.repeat(3000) + '"]',
    '["../../../etc/passwd", "", "/"]',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

interface Case {
  diff: number;
  mutations: Mutation[];
  compress: 'none' | 'gzip' | 'gzip-then-mutate';
  deleted: string | undefined;
}

function build(c: Case): Buffer {
  const d = diffs[c.diff]!;
  let bytes: Buffer;
  if (c.compress === 'gzip-then-mutate') {
    const gz = gzipSync(d.tar);
    bytes = applyAll(gz, c.mutations, { spots: [0, 3, 10, gz.length - 8, gz.length - 4] });
  } else {
    bytes = applyAll(d.tar, c.mutations, d.hints);
    if (c.compress === 'gzip') bytes = gzipSync(bytes);
  }
  const rest = d.rest.filter(([n]) => n !== 'deleted.files');
  if (c.deleted !== undefined) rest.push(['deleted.files', Buffer.from(c.deleted)]);
  return outerArchive([...rest, ['rootfs-diff.tar', bytes]]);
}

const caseArb: fc.Arbitrary<Case> = fc.nat({ max: 1 }).chain((diff) =>
  fc.record({
    diff: fc.constant(diff),
    mutations: mutationsArb({ headers: headerOffsets(diffs[diff]!.tar) }, 3),
    compress: fc.constantFrom('none' as const, 'gzip' as const, 'gzip-then-mutate' as const),
    deleted: deletedArb,
  }),
);

let caseNo = 0;
describe('rootfs diff fuzz', () => {
  const nested = caseCount(150, 0.6);
  it(
    `openNestedTar indexes or fails typed on ${nested} mutated rootfs-diff.tar members`,
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const path = await s.write(`nested-${caseNo++ % 4}.tar`, build(c));
          traceCase(`rootfs-nested ${caseNo} ${path}`);
          const outer = await openArchive(path, { cacheDir: s.cacheDir });
          try {
            const member = outer.get('rootfs-diff.tar')!;
            const opened = await settle('openNestedTar', () => openNestedTar(outer, member, { cacheDir: s.cacheDir }));
            if (!('value' in opened)) return;
            const inner = opened.value;
            try {
              for (const m of inner.members.slice(0, 100)) {
                // A plain nested tar stays inside its member's bytes in the parent file.
                if (inner.compression === 'none') {
                  expect(m.dataOffset).toBeGreaterThanOrEqual(member.dataOffset);
                  expect(m.dataOffset + m.size).toBeLessThanOrEqual(member.dataOffset + member.size);
                }
                await settle(`read ${m.name}`, () => inner.read(m, 0, 4096));
              }
            } finally {
              await inner.close();
            }
          } finally {
            await outer.close();
          }
        }),
        fuzzParams(nested),
      );
    },
    timeoutFor(nested, 20),
  );

  const view = caseCount(80, 0.4);
  it(
    `the rootfs view lists and reads or fails typed on ${view} mutated diffs`,
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const path = await s.write(`view-${caseNo++ % 4}.tar`, build(c));
          traceCase(`rootfs-view ${caseNo} ${path}`);
          await openAndExercise(path, s.cacheDir, { images: 0, files: 40 });
        }),
        fuzzParams(view),
      );
    },
    timeoutFor(view, 40),
  );
});
