// Fuzz target: the whole open path (electron/inspect openArchive and every
// view of the session) on mutated whole checkpoint archives.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { FIXTURES, loadTar, scratch, tarHints, TAR_FIXTURES, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb, type Hints } from './support/mutate';
import { traceCase } from './support/outcome';
import { openAndExercise } from './support/session-views';

let s: Scratch;
const fixtures: { name: string; bytes: Buffer; hints: Hints }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of TAR_FIXTURES) {
    const tar = await loadTar(name, s.cacheDir);
    fixtures.push({ name, bytes: tar.bytes, hints: tarHints(tar) });
  }
  const gz = await readFile(join(FIXTURES, 'podman-web-gzip.tar.gz'));
  fixtures.push({ name: 'podman-web-gzip.tar.gz', bytes: gz, hints: { spots: [0, 10, gz.length - 8] } });
});
afterAll(async () => s.dispose());

describe('inspect session fuzz', () => {
  it('opens every unmutated fixture and every view answers', async () => {
    for (const f of fixtures) {
      const path = await s.write(`clean-${f.name}`, f.bytes);
      expect(await openAndExercise(path, s.cacheDir)).toBe('opened');
    }
  });

  const mutated = caseCount(60);
  let opened = 0;
  it(
    `every view gives a result or a typed error on ${mutated} mutated whole archives`,
    async () => {
      let caseNo = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: fc.tuple(fc.constant(0), mutationsArb(fixtures[0]!.hints, 4)), weight: 4 },
            { arbitrary: fc.tuple(fc.constant(1), mutationsArb(fixtures[1]!.hints, 4)), weight: 4 },
            { arbitrary: fc.tuple(fc.constant(2), mutationsArb(fixtures[2]!.hints, 2)), weight: 1 },
          ),
          async ([i, mutations]) => {
            const f = fixtures[i]!;
            const path = await s.write(`case-${caseNo++ % 4}-${f.name}`, applyAll(f.bytes, mutations, f.hints));
            traceCase(`inspect-session ${caseNo} ${path}`);
            if ((await openAndExercise(path, s.cacheDir)) === 'opened') opened++;
          },
        ),
        fuzzParams(mutated),
      );
      // Most mutations leave an archive that still opens: the views, not just the indexer, were fuzzed.
      expect(opened).toBeGreaterThan(mutated / 3);
    },
    timeoutFor(mutated, 200),
  );
});
