// A real browser host with hostile archives opened in it (as `serve ARCHIVE`
// opens them), for the issue 18 tests of the views through a real WebSocket:
// set up once per file, each archive opened on first use, every call under
// the hostile budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Envelope } from '../../shared/envelope';
import { startHarness, type ServeHarness } from '../unit/hostile-serve/support/host-harness';
import { hostileCall } from './hostile-ws';
import { HOSTILE_BUDGET } from './run-cli-process';

const MiB = 1024 * 1024;

export interface HostileHost<N extends string> {
  call(channel: string, args: unknown): Promise<{ env: Envelope<unknown>; bytes: number }>;
  archiveId(name: N): Promise<string>;
  /** One call that must answer within the budget with a value or a clear error, at most maxBytes, the host still up. */
  bounded(channel: string, args: unknown, maxBytes: number): Promise<Envelope<unknown>>;
}

/** Registers the set-up and tear-down of the file's host; `write` writes the archives under a temp folder. */
export function hostileHost<N extends string>(
  prefix: string,
  write: (dir: string) => Promise<Record<N, string>>,
): HostileHost<N> {
  let dir: string;
  let archives: Record<N, string>;
  let h: ServeHarness;
  let ws: WebSocket;
  const ids = new Map<N, string>();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    archives = await write(dir);
    h = await startHarness();
    ws = await h.connect();
  }, 120_000);
  afterAll(async () => {
    ws?.terminate();
    await h?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = (channel: string, args: unknown) => hostileCall(ws, channel, args);
  const archiveId = async (name: N): Promise<string> => {
    const known = ids.get(name);
    if (known) return known;
    const { archiveId: id } = await h.core.composed.core.openPath(archives[name]);
    ids.set(name, id);
    return id;
  };
  const bounded = async (channel: string, args: unknown, maxBytes: number) => {
    const rssBefore = process.memoryUsage().rss;
    const { env, bytes } = await call(channel, args);
    if (!env.ok) expect(env.error.code).toMatch(/^[A-Z_]+$/);
    expect(env.ok || env.error.code !== 'INTERNAL', JSON.stringify(env).slice(0, 300)).toBe(true);
    expect(bytes).toBeLessThan(maxBytes);
    console.info(`[rss] ${channel} +${Math.round((process.memoryUsage().rss - rssBefore) / MiB)} MiB`);
    expect((process.memoryUsage().rss - rssBefore) / MiB).toBeLessThan(HOSTILE_BUDGET.rssMiB);
    // The host is still there for the next client call.
    expect((await call('app.info', {})).env.ok).toBe(true);
    return env;
  };
  return { call, archiveId, bounded };
}
