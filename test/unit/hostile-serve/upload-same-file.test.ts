// The same file uploaded twice (a user who drops it again): one archive, and
// the second copy is not kept. Over real HTTP, with the sample archive.
import { readFile } from 'node:fs/promises';
import { afterEach, expect, it } from 'vitest';
import { SAMPLE } from '../attack/attack-run';
import { startHarness, type ServeHarness } from './support/host-harness';
import { upload, whole } from './support/upload-client';

let h: ServeHarness | undefined;
const idOf = (answer: { body: { value?: unknown } }) =>
  (answer.body.value as { archiveId?: string } | undefined)?.archiveId;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

it('answers a second upload of the same bytes under the same name with the archive already open', async () => {
  h = await startHarness();
  const bytes = await readFile(SAMPLE);
  const first = await upload(h.host.origin, h.cookie, whole(bytes), { name: 'sample.tar' });
  const again = await upload(h.host.origin, h.cookie, whole(bytes), { name: 'sample.tar' });
  expect(first.body.ok).toBe(true);
  expect(idOf(first)).toMatch(/^a/);
  expect(idOf(again)).toBe(idOf(first));
  expect(await h.uploads()).toHaveLength(1);
  // Another name is another archive, even with the same bytes.
  const other = await upload(h.host.origin, h.cookie, whole(bytes), { name: 'other.tar' });
  expect(idOf(other)).toMatch(/^a/);
  expect(idOf(other)).not.toBe(idOf(first));
  expect(await h.uploads()).toHaveLength(2);
});
