// The contract as an attack surface, through the real core's dispatch (the
// services behind Electron IPC and the browser host alike).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realCore, prepare, runMalformed, runSample, type Harness, type Invoke } from './attack-run';
import { malformedCalls } from './contract-cases';

let h: Harness;
let invoke: Invoke;
let archiveId: string;
let seeds: Record<string, unknown>;

beforeAll(async () => {
  h = await realCore();
  invoke = (channel, args) => h.composed.core.dispatch(channel, args);
  ({ archiveId, seeds } = await prepare(invoke, h.tmp));
});
afterAll(async () => h.dispose());

describe('contract attack surface (direct dispatch)', () => {
  it('derives malformed calls for every field of every channel', () => {
    const calls = malformedCalls(seeds, 16);
    expect(calls.length).toBeGreaterThan(500);
    expect(new Set(calls.map((c) => c.channel)).size).toBeGreaterThan(30);
  });

  it('answers every malformed call with INVALID_ARGUMENT (never INTERNAL, never a throw)', async () => {
    const { calls, violations } = await runMalformed(invoke, seeds, 4 * 1024 * 1024, false);
    console.info(`[attack] ${calls} malformed calls`);
    expect(calls).toBeGreaterThan(500);
    expect(violations).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 120_000);

  it('answers names outside the index, ranges past the end and unknown ids with INVALID_ARGUMENT or NOT_FOUND', async () => {
    const { calls, violations } = await runSample(invoke, archiveId);
    console.info(`[attack] ${calls} valid-shaped calls on the sample and unknown ids`);
    expect(calls).toBeGreaterThan(60);
    expect(violations).toEqual([]);
  }, 60_000);

  it('still serves the sample after the attack', async () => {
    const env = await invoke('archive.readMember', { archiveId, name: 'config.dump', offset: 0, length: 1 });
    expect(env).toMatchObject({ ok: true, value: { data: 'ew==' } });
  });

  it('answers unknown channels and non-string channel names with UNKNOWN_CHANNEL', async () => {
    for (const channel of [
      'nope',
      '__proto__',
      'constructor',
      'toString',
      'archive.list ',
      42,
      null,
      { toString: () => 'app.info' },
    ]) {
      const env = await invoke(channel as string, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });
});
