// A stand-in for window.api, set before the app boots (page.addInitScript), so
// the renderer can be given data no real archive of ours has: 10,000-row lists.
// Only for tests of how the UI copes with size, not of what the data means.
import type { Page } from '@playwright/test';

export const BIG = 10_000;

/** Runs in the page: it may use nothing from this module's scope but its argument. */
function install(count: number): void {
  const summary = {
    archiveId: 'big',
    fileName: 'big.tar',
    containerName: 'big',
    image: 'example/big:1',
    engine: 'containerd',
    compression: 'none',
    size: 1,
    checkpointedAt: null,
    warnings: [],
  };
  const files = Array.from({ length: count }, (_, i) => ({
    pid: 1000 + i,
    comm: `worker-${i}`,
    fd: 3,
    type: 'REG',
    path: `/data/file-${i}.log`,
    flags: 'O_RDONLY',
    position: i,
  }));
  const rootfs = Array.from({ length: count }, (_, i) => ({
    path: `/srv/f${String(i).padStart(5, '0')}.txt`,
    type: 'file',
    change: 'changed',
    size: i,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: null,
    linkTarget: null,
  }));
  const answers: Record<string, unknown> = {
    'app.info': {
      name: 'Checkpoint Inspector',
      version: 'test',
      host: 'browser',
      canCheckpoint: false,
      nativeDialogs: false,
      hasSample: false,
    },
    'settings.get': {
      socketPath: '/run/containerd/containerd.sock',
      namespaces: [],
      outputFolder: '/tmp',
      maskSecrets: true,
      theme: 'system',
    },
    'archive.list': [summary],
    'archive.recent': [],
    'archive.sha256': '0'.repeat(64),
    'containerd.status': {
      state: 'disconnected',
      socketPath: '/run/containerd/containerd.sock',
      version: null,
      error: null,
    },
    'job.list': [],
    'inspect.files': { rows: files, problems: [] },
    'inspect.rootfs': rootfs,
  };
  (window as unknown as { api: unknown }).api = {
    invoke: (channel: string) =>
      channel in answers
        ? Promise.resolve(answers[channel])
        : Promise.reject(Object.assign(new Error(`not in the fake: ${channel}`), { code: 'UNSUPPORTED' })),
    on: () => () => undefined,
    openFiles: () => Promise.resolve([]),
    saveRootfsFile: () => Promise.resolve({ saved: false }),
  };
}

export async function useBigFakeApi(page: Page): Promise<void> {
  await page.addInitScript(install, BIG);
}
