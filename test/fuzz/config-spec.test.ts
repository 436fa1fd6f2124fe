// Fuzz target: config.dump / spec.dump parsing (electron/inspect: container
// facts, engine detection, security summary, spec mounts) through the whole
// open path, on real documents edited at random paths, byte-mutated and
// replaced by random JSON.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { loadTar, scratch, TAR_FIXTURES, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb } from './support/mutate';
import { traceCase } from './support/outcome';
import { openAndExercise } from './support/session-views';
import { applyJsonEdit, jsonEditArb, outerArchive, type JsonEdit } from './support/small-archive';

let s: Scratch;
/** Per fixture: its config.dump, spec.dump (parsed) and the other small members that steer engine detection. */
const docs: { config: unknown; spec: unknown; rest: [string, Buffer][] }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of TAR_FIXTURES) {
    const tar = await loadTar(name, s.cacheDir);
    const json = (n: string): unknown => JSON.parse(tar.data.get(n)!.toString('utf8'));
    const rest = ['network.status', 'status', 'stats-dump', 'checkpoint/inventory.img'].flatMap(
      (n): [string, Buffer][] => {
        const data = tar.data.get(n);
        return data ? [[n, data]] : [];
      },
    );
    docs.push({ config: json('config.dump'), spec: json('spec.dump'), rest });
  }
});
afterAll(async () => s.dispose());

type Doc =
  | { kind: 'edit'; edits: JsonEdit[] }
  | { kind: 'bytes'; mutations: ReturnType<typeof mutationsArb> extends fc.Arbitrary<infer M> ? M : never }
  | { kind: 'random'; value: unknown }
  | { kind: 'absent' };

const docArb: fc.Arbitrary<Doc> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      edits: fc.array(jsonEditArb, { minLength: 1, maxLength: 6 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('bytes' as const), mutations: mutationsArb({}, 3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('random' as const), value: fc.jsonValue({ maxDepth: 3 }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'absent' as const }), weight: 1 },
);

function render(original: unknown, doc: Doc): Buffer | undefined {
  switch (doc.kind) {
    case 'edit':
      return Buffer.from(JSON.stringify(doc.edits.reduce(applyJsonEdit, original)) ?? 'null');
    case 'bytes':
      return applyAll(Buffer.from(JSON.stringify(original)), doc.mutations, {});
    case 'random':
      return Buffer.from(JSON.stringify(doc.value) ?? 'null');
    case 'absent':
      return undefined;
  }
}

describe('config.dump / spec.dump fuzz', () => {
  const runs = caseCount(150);
  let edited = 0;
  it(
    `summary, overview, mounts and the rest answer or fail typed on ${runs} altered config/spec pairs`,
    async () => {
      let caseNo = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: docs.length - 1 }), docArb, docArb, async (i, config, spec) => {
          const d = docs[i]!;
          const members: [string, Buffer][] = [...d.rest];
          const c = render(d.config, config);
          const p = render(d.spec, spec);
          if (c) members.push(['config.dump', c]);
          if (p) members.push(['spec.dump', p]);
          const path = await s.write(`case-${caseNo++ % 4}.tar`, outerArchive(members));
          traceCase(`config-spec ${caseNo} ${path}`);
          // The archive itself is sound: a damaged document must never stop it opening.
          expect(await openAndExercise(path, s.cacheDir, { images: 2, files: 2 })).toBe('opened');
          if (config.kind === 'edit') edited++;
        }),
        fuzzParams(runs),
      );
      expect(edited).toBeGreaterThan(0);
    },
    timeoutFor(runs, 20),
  );
});
