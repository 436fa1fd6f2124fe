import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recentKey, SettingsStore } from '../../../electron/settings/settings-store';

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SettingsStore', () => {
  it('persists updates and recent archives across loads, private to the user', async () => {
    const dir = tempDir();
    const store = await SettingsStore.load(dir);
    await store.update({ socketPath: '/tmp/other.sock', namespaces: ['k8s.io'] });
    await store.addRecent('/data/a.tar', 'web');
    await store.addRecent('/data/b.tar', null);
    await store.addRecent('/data/a.tar', 'web');
    const again = await SettingsStore.load(dir);
    expect(again.get()).toMatchObject({ socketPath: '/tmp/other.sock', namespaces: ['k8s.io'] });
    expect(again.recent().map((r) => r.displayPath)).toEqual(['/data/a.tar', '/data/b.tar']);
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('hands out opaque keys, never needing a path back', async () => {
    const store = await SettingsStore.load(tempDir());
    await store.addRecent('/data/a.tar', 'web');
    const [entry] = store.recent();
    expect(entry?.key).toBe(recentKey('/data/a.tar'));
    expect(entry?.key).not.toContain('/');
    expect(store.recentPath(entry?.key ?? '')).toBe('/data/a.tar');
    expect(store.recentPath('/data/a.tar')).toBeNull();
  });

  it('survives a damaged file field by field', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ socketPath: 42, namespaces: ['ok'], theme: 'neon', recent: 'x' }),
    );
    const store = await SettingsStore.load(dir);
    expect(store.get().namespaces).toEqual(['ok']);
    expect(store.get().theme).toBe('system');
    expect(typeof store.get().socketPath).toBe('string');
    expect(store.recent()).toEqual([]);
    writeFileSync(path.join(dir, 'settings.json'), '{not json');
    expect((await SettingsStore.load(dir)).get().theme).toBe('system');
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe('{not json');
  });
});
