// Provenance and timeline of a fresh checkpoint made on the real testbeds
// (containerd 2.1 / CRIU 4.2 and containerd 1.7 / CRIU 4.1): every archive we
// write carries dump.log and stats-dump, so all 14 stats fields and CRIU's
// version must be there, and the timeline must place the dump at the checkpoint.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Provenance, Timeline } from '../../shared/dto';
import { runCliCaptured } from '../support/run-cli-captured';
import type { TestbedState } from '../testbed/testbed';
import { checkpointArgs } from './support/cli-args';
import { describeSuites } from './support/suites';

describeSuites('timeline and provenance of a fresh checkpoint', (suite) => {
  let tb: TestbedState;
  let scratch: string;
  let archive: string;

  beforeAll(async () => {
    tb = suite.state;
    scratch = await mkdtemp(path.join(tb.archiveDir, 'h-timeline-'));
    archive = path.join(scratch, 'plain.tar');
    const plain = tb.workloads.plain;
    const r = await runCliCaptured(
      checkpointArgs(tb, { containerId: plain.containerId, namespace: plain.namespace }, 'native', archive),
    );
    expect(r.code, r.err).toBe(0);
  }, 600_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('provenance: all 14 dump stats fields, and the CRIU version from the archive’s dump.log', async () => {
    const r = await runCliCaptured(['provenance', archive, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out) as Provenance;
    expect(p.problems).toEqual([]);
    expect(p.dumpStats?.map((f) => f.key)).toHaveLength(14);
    // CRIU 4.x writes every field, the optional ones too.
    expect(p.dumpStats?.filter((f) => f.value === null).map((f) => f.key)).toEqual([]);
    expect(p.dumpStats?.find((f) => f.key === 'pages_written')?.value).toBeGreaterThan(0);
    expect(p.criuVersion).toBe(tb.versions.criu);
    expect(p.kernel).toMatch(/Linux/);
    expect(p.inventory?.find((f) => f.key === 'dump_criu_run_id')?.value).toBe(p.runIds.at(-1));
    expect(p.writer).toMatch(/^checkpoint-inspector, via native/);
  });

  it('timeline: the checkpoint, the dump laid back from it, and the container’s start before it', async () => {
    const r = await runCliCaptured(['timeline', archive, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out) as Timeline;
    expect(t.anchor).not.toBeNull();
    const checkpoint = t.events.findIndex((e) => e.source === 'checkpoint');
    expect(checkpoint).toBeGreaterThan(-1);
    expect(t.events.filter((e) => e.source === 'stats')).toHaveLength(4);
    const end = t.events.find((e) => e.source === 'dump-log' && /Dumping finished successfully/.test(e.label));
    expect(end?.relativeMs).toBeCloseTo(0, 3);
    const created = t.events.findIndex((e) => e.source === 'container');
    expect(created).toBeGreaterThan(-1);
    expect(created).toBeLessThan(checkpoint);
    expect(t.notes[0]).toMatch(/CRIU records no process start times/);
  });
});
