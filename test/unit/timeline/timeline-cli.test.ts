import { describe, expect, it } from 'vitest';
import type { Provenance, Timeline } from '../../../shared/dto';
import { runCliCaptured } from '../../support/run-cli-captured';

const WEB = 'test/fixtures/containerd-cri-web.tar';

describe('timeline and provenance commands', () => {
  it('timeline prints a table in UTC, local and relative time, with the notes', async () => {
    const r = await runCliCaptured(['timeline', WEB]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+LOCAL \(.+\)\s+RELATIVE\s+SOURCE\s+FROM\s+WHAT$/);
    expect(r.out).toMatch(
      /2026-11-30T04:35:35\.518080257Z .* at checkpoint +checkpoint +config\.dump checkpointedTime +checkpointed/,
    );
    expect(r.out).toMatch(
      /rootfs-diff\.tar \/data\/written-after-start\.txt +\/data\/written-after-start\.txt: .*after the container started/,
    );
    expect(r.out).toMatch(/\[derived\]/);
    expect(r.out).toMatch(/^note: CRIU records no process start times/m);
  });

  it('timeline --source keeps those rows; --format json is the whole view', async () => {
    const r = await runCliCaptured(['timeline', WEB, '--source', 'rootfs,checkpoint', '--format', 'json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as Timeline;
    expect(new Set(t.events.map((e) => e.source))).toEqual(new Set(['rootfs', 'checkpoint']));
    expect(t.anchor).toBe('2026-11-30T04:35:35.518080257Z');
    expect(t.notes[0]).toMatch(/CRIU records no process start times/);
    const bad = await runCliCaptured(['timeline', WEB, '-s', 'rootfs,nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown source nonsense/);
  });

  it('provenance names every stats field and the versions', async () => {
    const r = await runCliCaptured(['provenance', WEB]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CRIU version \(dump\.log\): 4\.2\.1$/m);
    expect(r.out).toMatch(/^Kernel \(dump\.log\): .*Linux/m);
    for (const k of [
      'freezing_time',
      'frozen_time',
      'memdump_time',
      'memwrite_time',
      'pages_scanned',
      'shpages_written',
    ])
      expect(r.out).toMatch(new RegExp(`^${k} `, 'm'));
    const j = JSON.parse((await runCliCaptured(['provenance', WEB, '-o', 'json'])).out) as Provenance;
    expect(j.dumpStats).toHaveLength(14);
    expect(j.criuVersion).toBe('4.2.1');
  });
});
