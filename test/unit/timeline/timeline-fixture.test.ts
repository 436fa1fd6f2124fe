import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import { buildProvenance } from '../../../electron/inspect/provenance';
import type { InspectSession } from '../../../electron/inspect/session';
import { buildTimeline } from '../../../electron/inspect/timeline/build-timeline';

// The web fixture (made by the real testbed): its workload writes files after start (WEB_AFTER_START).
const manifest = JSON.parse(readFileSync('test/fixtures/containerd-cri-web.manifest.json', 'utf8')) as {
  versions: { criu: string };
  rootfsDiff: { added: string[]; changed: string[] };
};

let s: InspectSession;
let cache: string;
beforeAll(async () => {
  cache = mkdtempSync(join(tmpdir(), 'h-timeline-fx-'));
  s = await openArchive('test/fixtures/containerd-cri-web.tar', { archiveId: 'a', cacheDir: cache });
});
afterAll(async () => {
  await s.close();
  rmSync(cache, { recursive: true, force: true });
});

describe('timeline of the web fixture', () => {
  it('lists the files written after start, in order, between the start and the checkpoint', async () => {
    const t = await buildTimeline(s);
    expect(t.problems).toEqual([]);
    const config = (await s.config()) as { checkpointedTime: string };
    const at = (pred: (e: (typeof t.events)[number]) => boolean) => t.events.findIndex(pred);
    const checkpoint = at((e) => e.field === 'checkpointedTime');
    expect(t.events[checkpoint]).toMatchObject({ time: config.checkpointedTime, relative: 'at checkpoint' });
    expect(t.anchor).toBe(config.checkpointedTime);
    const started = at((e) => e.field === 'StartedAt' && e.member === 'status');
    expect(started).toBeGreaterThan(-1);
    const written = [...manifest.rootfsDiff.added, ...manifest.rootfsDiff.changed].sort();
    const rows = t.events.filter((e) => e.source === 'rootfs' && written.includes(e.field));
    // In the order the container wrote them (tar order within the second the tar keeps).
    expect(rows.map((e) => e.field)).toEqual(['/data/log.txt', '/data/written-after-start.txt', '/www/index.html']);
    for (const r of rows) {
      expect(r.label).toMatch(/at or after the container started/);
      const i = t.events.indexOf(r);
      expect(i).toBeGreaterThan(started);
      expect(i).toBeLessThan(checkpoint);
    }
    expect(t.events.find((e) => e.source === 'container-log' && e.label === 'stdout: second line')).toBeDefined();
    expect(t.events.filter((e) => e.source === 'stats')).toHaveLength(4);
    expect(t.events.find((e) => e.source === 'dump-log' && /Dumping finished successfully/.test(e.label))?.time).toBe(
      config.checkpointedTime,
    );
    expect(t.notes.join('\n')).toMatch(/CRIU records no process start times/);
  });

  it('provenance: all 14 stats fields and the CRIU version of dump.log', async () => {
    const p = await buildProvenance(s);
    expect(p.problems).toEqual([]);
    expect(p.dumpStats).toHaveLength(14);
    expect(p.dumpStats?.every((f) => f.value !== null)).toBe(true);
    expect(p.criuVersion).toBe(manifest.versions.criu);
    expect(p.kernel).toMatch(/Linux/);
    expect(p.runIds.length).toBeGreaterThan(0);
    expect(p.inventory?.find((f) => f.key === 'img_version')?.value).toBe(2);
    expect(p.pluginImages).toEqual([]);
  });
});
