import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliSocketPath, createConnectionApp } from '../../../electron/app/connection';
import { chooseSocketPath, DEFAULT_SOCKET } from '../../../electron/app/defaults';
import { SettingsStore } from '../../../electron/settings/settings-store';
import type { ConnectionStatus } from '../../../shared/dto';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'ci-socket-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('chooseSocketPath', () => {
  const env = { CONTAINERD_ADDRESS: 'unix:///env.sock' };
  it('is flag, then CONTAINERD_ADDRESS, then the setting, then the default', () => {
    expect(chooseSocketPath({ flag: '/flag.sock', env, setting: '/set.sock' })).toBe('/flag.sock');
    expect(chooseSocketPath({ env, setting: '/set.sock' })).toBe('/env.sock');
    expect(chooseSocketPath({ env: {}, setting: '/set.sock' })).toBe('/set.sock');
    expect(chooseSocketPath({ env: {} })).toBe(DEFAULT_SOCKET);
  });
  it('skips empty sources and normalises unix:// URLs', () => {
    expect(chooseSocketPath({ flag: ' ', env: { CONTAINERD_ADDRESS: '' }, setting: 'unix:///s.sock' })).toBe('/s.sock');
    expect(chooseSocketPath({ flag: '', env: {}, setting: '' })).toBe(DEFAULT_SOCKET);
  });
});

describe('connect', () => {
  const fakePort = () => {
    const asked: string[] = [];
    return {
      asked,
      connect: async (socketPath: string): Promise<ConnectionStatus> => {
        asked.push(socketPath);
        return { state: 'connected', socketPath, version: 'x', error: null };
      },
    };
  };

  it('without a path uses the host flag, then env, then the setting; a named path wins and is saved', async () => {
    const settings = await SettingsStore.load(await tmp());
    await settings.update({ socketPath: '/set.sock' });
    const port = fakePort();
    const env = { CONTAINERD_ADDRESS: '/env.sock' };
    await createConnectionApp({ containerd: port, settings, env }).connect();
    await createConnectionApp({ containerd: port, settings, env: {} }).connect();
    await createConnectionApp({ containerd: port, settings, env, socketFlag: '/flag.sock' }).connect();
    const app = createConnectionApp({ containerd: port, settings, env, socketFlag: '/flag.sock' });
    await app.connect('unix:///typed.sock');
    expect(port.asked).toEqual(['/env.sock', '/set.sock', '/flag.sock', '/typed.sock']);
    expect(settings.get().socketPath).toBe('unix:///typed.sock');
  });

  it('the CLI reads the shared settings file below the flag and the env', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ socketPath: '/from-settings.sock' }));
    expect(await cliSocketPath(undefined, dir, {})).toBe('/from-settings.sock');
    expect(await cliSocketPath(undefined, dir, { CONTAINERD_ADDRESS: '/env.sock' })).toBe('/env.sock');
    expect(await cliSocketPath('/flag.sock', dir, { CONTAINERD_ADDRESS: '/env.sock' })).toBe('/flag.sock');
    expect(await cliSocketPath(undefined, await tmp(), {})).toBe(DEFAULT_SOCKET);
  });
});
