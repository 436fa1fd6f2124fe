import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import { renderReportHtml } from '../../../electron/inspect/report/report-html';
import { buildReport, type ArchiveReport } from '../../../electron/inspect/report/report-model';
import type { InspectSession } from '../../../electron/inspect/session';

let s: InspectSession;
let cache: string;
let report: ArchiveReport;
beforeAll(async () => {
  cache = mkdtempSync(join(tmpdir(), 'h-timeline-report-'));
  s = await openArchive('test/fixtures/containerd-cri-web.tar', { archiveId: 'a', cacheDir: cache });
  report = await buildReport(s, { memory: false, now: new Date('2026-12-02T00:00:00Z') });
});
afterAll(async () => {
  await s.close();
  rmSync(cache, { recursive: true, force: true });
});

describe('report: provenance and timeline', () => {
  it('carries both in the JSON model', () => {
    expect(report.provenance?.dumpStats).toHaveLength(14);
    expect(report.provenance?.criuVersion).toBe('4.2.1');
    expect(report.timeline?.anchor).toBe('2026-11-30T04:35:35.518080257Z');
    expect(report.timeline?.events.some((e) => e.field === '/data/written-after-start.txt')).toBe(true);
  });

  it('shows both in the HTML, every field named', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('<h2>Provenance</h2>');
    expect(html).toContain('<dd>4.2.1</dd>');
    for (const f of report.provenance?.dumpStats ?? []) expect(html).toContain(`<td class="mono">${f.key}</td>`);
    expect(html).toContain(`<h2>Timeline (${report.timeline?.events.length})</h2>`);
    expect(html).toContain('CRIU records no process start times');
    expect(html).toMatch(
      /<td class="mono">2026-11-30T04:35:35\.518080257Z<\/td><td>at checkpoint<\/td><td>checkpoint<\/td>/,
    );
  });
});
