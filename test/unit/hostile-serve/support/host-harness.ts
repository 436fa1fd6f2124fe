// A real browser host over the real core (cache and settings in a temp
// folder), with its log and its clients' flow states captured, for the
// hostile tests of the host's own limits.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../../electron/serve/browser-host';
import type { HostLimits } from '../../../../electron/serve/limits';
import type { WsPressure } from '../../../../electron/serve/ws-bridge';
import { realCore, type Harness } from '../../attack/attack-run';
import { get, openWs } from '../../serve/http-client';

/** A flow state as reported, with the host process's RSS at that moment. */
export type PressureSample = WsPressure & { rssMiB: number };

export interface ServeHarness {
  core: Harness;
  host: BrowserHost;
  cookie: string;
  uploadDir: string;
  logs: string[];
  /** Resolves with the first flow state (already seen or to come) that matches. */
  pressure(match: (p: PressureSample) => boolean): Promise<PressureSample>;
  /** Every flow state reported so far. */
  pressures: PressureSample[];
  connect(): Promise<WebSocket>;
  /** What is left in the upload folder (none when it is gone). */
  uploads(): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function startHarness(limits: Partial<HostLimits> = {}): Promise<ServeHarness> {
  const core = await realCore();
  const rendererDir = join(core.tmp, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  const uploadDir = join(core.composed.cacheRoot, 'uploads');
  const logs: string[] = [];
  const pressures: PressureSample[] = [];
  const waiters = new Set<{ match: (p: PressureSample) => boolean; resolve: (p: PressureSample) => void }>();
  const host = await startBrowserHost({
    core: core.composed.core,
    rendererDir,
    uploadDir,
    port: 0,
    limits,
    log: (line) => logs.push(line),
    onClientPressure: (reported) => {
      const p = { ...reported, rssMiB: process.memoryUsage().rss / 1024 / 1024 };
      pressures.push(p);
      for (const w of waiters) {
        if (!w.match(p)) continue;
        waiters.delete(w);
        w.resolve(p);
      }
    },
  });
  const cookie = String((await get(host.url)).headers['set-cookie']).split(';')[0] ?? '';
  return {
    core,
    host,
    cookie,
    uploadDir,
    logs,
    pressures,
    pressure: (match) => {
      const seen = pressures.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.add({ match, resolve }));
    },
    connect: () => openWs(host.origin.replace('http', 'ws') + '/api/ws', { cookie, origin: host.origin }),
    uploads: () => readdir(uploadDir).catch(() => []),
    dispose: async () => {
      await host.close();
      await core.dispose();
    },
  };
}
