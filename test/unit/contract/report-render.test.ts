import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePath } from '../../../electron/app-paths';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ci-report-render-'));
let composed: ComposedCore | null = null;

afterAll(async () => {
  await composed?.dispose();
  rmSync(userDataDir, { recursive: true, force: true });
});

describe('report.render through the real core', () => {
  it('returns the sample archive report as self-contained HTML and as JSON', async () => {
    const sample = samplePath();
    expect(sample).not.toBeNull();
    composed = await composeCore({
      host: { kind: 'browser', samplePath: sample },
      userDataDir,
      allowCheckpoint: false,
    });
    const opened = await composed.core.dispatch('archive.openSample', {});
    expect(opened.ok).toBe(true);
    const archiveId = (opened as { value: { archiveId: string } }).value.archiveId;

    const html = await composed.core.dispatch('report.render', { archiveId });
    expect(html.ok).toBe(true);
    const page = (html as { value: { fileName: string; mime: string; text: string } }).value;
    expect(page.fileName).toBe('sample-checkpoint-report.html');
    expect(page.mime).toBe('text/html');
    const sha = createHash('sha256').update(readFileSync(sample!)).digest('hex');
    expect(page.text).toContain(sha);
    expect(page.text).toContain('httpd');
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    const json = await composed.core.dispatch('report.render', { archiveId, format: 'json' });
    const parsed = JSON.parse((json as { value: { text: string } }).value.text) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).toContain(sha);
  });
});
