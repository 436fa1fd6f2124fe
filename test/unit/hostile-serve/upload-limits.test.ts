// The browser host's upload route against hostile clients, over real HTTP:
// every refusal comes with a clear JSON error, and no byte of a refused upload
// stays in the cache. Limits are test-sized through the host's options.
import { mkdir, readFile, statfs } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE } from '../attack/attack-run';
import { invokeOverWs } from '../serve/http-client';
import { startHarness, type ServeHarness } from './support/host-harness';
import { endless, headersOnly, stallAfter, upload, whole } from './support/upload-client';

const MiB = 1024 * 1024;
let h: ServeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('upload size', () => {
  it('answers a Content-Length over the limit with 413 before reading a byte', async () => {
    h = await startHarness({ maxUploadBytes: 1 * MiB });
    const answer = await upload(h.host.origin, h.cookie, headersOnly, {
      headers: { 'content-length': String(2 * 1024 ** 4) },
    });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBe(0);
    expect(answer.body.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { size: 2 * 1024 ** 4, max: 1 * MiB },
    });
    expect(answer.body.error?.message).toContain(`over the upload limit of ${1 * MiB} bytes`);
    expect(await h.uploads()).toEqual([]);
  });

  it('refuses an upload that asks first (Expect: 100-continue) without ever saying continue', async () => {
    h = await startHarness({ maxUploadBytes: 1 * MiB });
    let continued = false;
    const answer = await upload(h.host.origin, h.cookie, headersOnly, {
      headers: { 'content-length': String(2 * MiB), expect: '100-continue' },
      onContinue: () => (continued = true),
    });
    expect(answer.status).toBe(413);
    expect(continued).toBe(false);
    expect(await h.uploads()).toEqual([]);
  });

  it('answers a Content-Length the upload folder has no room for with 413 naming both sizes', async () => {
    // A reserve beyond any disk: whatever is free, this upload does not fit.
    h = await startHarness({ uploadFreeReserveBytes: 2 ** 52 });
    const answer = await upload(h.host.origin, h.cookie, headersOnly, { headers: { 'content-length': '4096' } });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('LIMIT_EXCEEDED');
    const details = answer.body.error?.details as { size: number; free: number; reserve: number };
    expect(details.size).toBe(4096);
    expect(details.free).toBeGreaterThan(0);
    expect(answer.body.error?.message).toContain(`upload of 4096 bytes does not fit`);
    expect(answer.body.error?.message).toContain(`${details.free} bytes free`);
    expect(await h.uploads()).toEqual([]);
  });

  it('cuts a chunked upload that never ends at the limit: 413, and nothing left in the upload folder', async () => {
    h = await startHarness({ maxUploadBytes: 2 * MiB });
    const answer = await upload(h.host.origin, h.cookie, endless);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { max: 2 * MiB } });
    expect(answer.body.error?.message).toContain(`the upload limit of ${2 * MiB} bytes`);
    expect(answer.sent).toBeGreaterThan(2 * MiB);
    expect(await h.uploads()).toEqual([]);
  });
});

describe('uploads at the same time', () => {
  it('count the space promised to one in progress: a second that would not fit beside it gets 413', async () => {
    // Room for about 1 GiB: one upload of 600 MiB fits, two do not (whatever other processes write meanwhile, within 200 MiB).
    const probe = await startHarness();
    await mkdir(probe.uploadDir, { recursive: true });
    const fs = await statfs(probe.uploadDir);
    await probe.dispose();
    h = await startHarness({ uploadFreeReserveBytes: Math.max(0, fs.bavail * fs.bsize - 1024 * MiB) });
    const first = new AbortController();
    let accepted = () => {};
    const started = new Promise<void>((resolve) => (accepted = resolve));
    // 100 Continue is the host's word that it took this upload on (and set its space aside).
    const stalled = upload(h.host.origin, h.cookie, headersOnly, {
      headers: { 'content-length': String(600 * MiB), expect: '100-continue' },
      signal: first.signal,
      onContinue: accepted,
    });
    await started;
    const second = await upload(h.host.origin, h.cookie, headersOnly, {
      headers: { 'content-length': String(600 * MiB) },
    });
    expect(second.status).toBe(413);
    expect(second.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { promised: 600 * MiB } });
    expect(second.body.error?.message).toContain(`${600 * MiB} for uploads in progress`);
    first.abort();
    await expect(stalled).rejects.toThrow();
  });
});

describe('upload time', () => {
  it('aborts an upload that stalls halfway (idle limit) and deletes what it sent', async () => {
    h = await startHarness({ uploadIdleMs: 300 });
    const answer = await upload(h.host.origin, h.cookie, stallAfter(100_000), {
      headers: { 'content-length': String(10 * MiB) },
    });
    expect(answer.status).toBe(408);
    expect(answer.body.error).toMatchObject({ code: 'TIMEOUT', details: { idleMs: 300 } });
    expect(answer.body.error?.message).toContain('no data for 300 ms');
    expect(await h.uploads()).toEqual([]);
  });

  it('aborts an upload that outlasts the time limit, however it trickles', async () => {
    h = await startHarness({ uploadTimeMs: 400, uploadIdleMs: 60_000 });
    const answer = await upload(h.host.origin, h.cookie, stallAfter(10), { headers: { 'content-length': '1000' } });
    expect(answer.status).toBe(408);
    expect(answer.body.error).toMatchObject({ code: 'TIMEOUT', details: { timeMs: 400, received: 10 } });
    expect(answer.body.error?.message).toContain('longer than the limit of 400 ms');
    expect(await h.uploads()).toEqual([]);
  });
});

describe('uploaded copies', () => {
  // Each under its own name: the same name and bytes again is the archive already open (upload-same-file.test.ts).
  let uploaded = 0;
  const uploadSample = async (harness: ServeHarness) => {
    uploaded += 1;
    const answer = await upload(harness.host.origin, harness.cookie, whole(await readFile(SAMPLE)), {
      name: `sample-${uploaded}.tar`,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body.value as { archiveId: string }).archiveId;
  };

  it('are deleted when their archive is closed', async () => {
    h = await startHarness();
    const archiveId = await uploadSample(h);
    expect(await h.uploads()).toHaveLength(1);
    const ws = await h.connect();
    expect(await invokeOverWs(ws, 'archive.close', { archiveId })).toEqual({ ok: true, value: null });
    expect(await h.uploads()).toEqual([]);
    ws.close();
  });

  it('are deleted when the host stops, open or not', async () => {
    h = await startHarness();
    await uploadSample(h);
    await uploadSample(h);
    expect(await h.uploads()).toHaveLength(2);
    await h.host.close();
    expect(await h.uploads()).toEqual([]);
  });

  it('are deleted when they do not open', async () => {
    h = await startHarness();
    const answer = await upload(h.host.origin, h.cookie, whole(Buffer.alloc(4096, 0x7a)), { name: 'junk.tar' });
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(await h.uploads()).toEqual([]);
  });

  it('of other archives stay while one is closed', async () => {
    h = await startHarness();
    const first = await uploadSample(h);
    await uploadSample(h);
    const ws = await h.connect();
    await invokeOverWs(ws, 'archive.close', { archiveId: first });
    expect(await h.uploads()).toHaveLength(1);
    ws.close();
  });
});
