import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

// js-yaml ships with electron-builder; it has no types here, so it is narrowed at the call.
const yaml = require('js-yaml') as { load(text: string): unknown };
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(
    config: unknown,
    debug: { isEnabled: boolean; add(key: string, value: unknown): void },
  ): Promise<void>;
};
const fusesHook = require(path.join(root, 'scripts', 'fuses.cjs')) as {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  electronBinaryPath(context: unknown): string;
  fuseConfig(fuses: unknown, platform: string): Record<string, unknown>;
};

interface BuilderYaml {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  afterPack: string;
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; mimeTypes: string[]; desktop: { entry: Record<string, string> } };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderYaml;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(
      builderConfig.validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined }),
    ).resolves.toBeUndefined();
  });

  it('the schema check is real: an unknown option is refused', async () => {
    const broken = { ...structuredClone(config), linux: { ...config.linux, notAnOption: true } };
    await expect(
      builderConfig.validateConfiguration(broken, { isEnabled: false, add: () => undefined }),
    ).rejects.toThrow(/configuration/i);
  });

  it('packs the built app into an asar with the sample beside it', () => {
    expect(config.productName).toBe('Checkpoint Inspector');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/sample', to: 'sample' }));
  });

  it('builds an AppImage and a deb with a desktop entry for tar archives', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.mimeTypes).toContain('application/x-tar');
    expect(config.linux.desktop.entry.Categories).toBe('Development;System;');
    expect(config.linux.desktop.entry.MimeType).toContain('application/x-tar');
  });

  it('flips the fuses in an afterPack hook that exists and is a function', () => {
    expect(config.afterPack).toBe('./scripts/fuses.cjs');
    expect(existsSync(path.join(root, config.afterPack))).toBe(true);
    expect(typeof fusesHook).toBe('function');
  });
});

describe('scripts/fuses.cjs', () => {
  it('sets every security fuse the design asks for', () => {
    const fuses = require('@electron/fuses') as { FuseV1Options: Record<string, number>; FuseVersion: { V1: string } };
    const { FuseV1Options: o } = fuses;
    const applied = fusesHook.fuseConfig(fuses, 'linux');
    expect(applied).toMatchObject({
      version: fuses.FuseVersion.V1,
      [o.RunAsNode!]: false,
      [o.EnableCookieEncryption!]: true,
      [o.EnableNodeOptionsEnvironmentVariable!]: false,
      [o.EnableNodeCliInspectArguments!]: false,
      [o.EnableEmbeddedAsarIntegrityValidation!]: true,
      [o.OnlyLoadAppFromAsar!]: true,
    });
  });

  it('finds the Electron binary in the packed folder per platform', () => {
    const ctx = (platform: string) => ({
      appOutDir: '/out/linux-unpacked',
      electronPlatformName: platform,
      packager: { appInfo: { productFilename: 'Checkpoint Inspector' }, executableName: 'checkpoint-inspector' },
    });
    expect(fusesHook.electronBinaryPath(ctx('linux'))).toBe('/out/linux-unpacked/checkpoint-inspector');
    expect(fusesHook.electronBinaryPath(ctx('darwin'))).toBe('/out/linux-unpacked/Checkpoint Inspector.app');
    expect(fusesHook.electronBinaryPath(ctx('win32'))).toBe('/out/linux-unpacked/Checkpoint Inspector.exe');
  });
});

describe('scripts/start-electron.mjs', () => {
  it('says in one line that the Electron binary is missing and names npm run serve', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'start-electron.mjs'), 'cp.tar'], {
      cwd: root,
      // Points the electron package at a binary that cannot exist, wherever this runs.
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'no-such-electron-dist') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron binary is missing/);
    expect(lines[0]).toContain('npm run serve');
    expect(run.stdout).toBe('');
  });
});
