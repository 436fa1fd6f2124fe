import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RecentArchive, Settings } from '../../shared/dto';
import { DEFAULT_SOCKET } from '../containerd/address';

const MAX_RECENT = 12;

const recentSchema = z.object({
  path: z.string().min(1).max(4096),
  containerName: z.string().max(1024).nullable(),
  openedAt: z.string().max(64),
});

const fileSchema = z.object({
  socketPath: z.string().min(1).max(4096).catch(defaultSocketPath()),
  namespaces: z.array(z.string().max(256)).max(256).catch([]),
  outputFolder: z.string().min(1).max(4096).catch(defaultOutputFolder()),
  maskSecrets: z.boolean().catch(true),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  recent: z.array(recentSchema).max(MAX_RECENT).catch([]),
});

type SettingsFile = z.infer<typeof fileSchema>;

/** The setting's own default; CONTAINERD_ADDRESS outranks the setting (electron/app/defaults.ts), so it is not read here. */
export function defaultSocketPath(): string {
  return DEFAULT_SOCKET;
}

function defaultOutputFolder(): string {
  return path.join(os.homedir(), 'checkpoints');
}

/** The default settings folder outside Electron (CLI, browser host). */
export function defaultUserDataDir(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'checkpoint-inspector');
}

/** An opaque key for a recent entry, so the renderer never holds a path it could send back. */
export function recentKey(archivePath: string): string {
  return createHash('sha256').update(archivePath).digest('hex').slice(0, 24);
}

/**
 * Settings persisted as JSON in the user-data folder. A damaged file falls
 * back field by field to defaults rather than failing the app.
 */
export class SettingsStore {
  private data: SettingsFile;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    data: SettingsFile,
  ) {
    this.data = data;
  }

  static async load(userDataDir: string): Promise<SettingsStore> {
    const file = path.join(userDataDir, 'settings.json');
    let raw: unknown = {};
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      // Missing or unreadable: start from defaults.
    }
    const parsed = fileSchema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
    return new SettingsStore(file, parsed.success ? parsed.data : fileSchema.parse({}));
  }

  get(): Settings {
    const { recent: _recent, ...settings } = this.data;
    return { ...settings, namespaces: [...settings.namespaces] };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    this.data = { ...this.data, ...stripUndefined(patch) };
    await this.save();
    return this.get();
  }

  recent(): RecentArchive[] {
    return this.data.recent.map((r) => ({
      key: recentKey(r.path),
      displayPath: r.path,
      containerName: r.containerName,
      openedAt: r.openedAt,
    }));
  }

  recentPath(key: string): string | null {
    return this.data.recent.find((r) => recentKey(r.path) === key)?.path ?? null;
  }

  async addRecent(archivePath: string, containerName: string | null): Promise<void> {
    const entry = { path: archivePath, containerName, openedAt: new Date().toISOString() };
    this.data.recent = [entry, ...this.data.recent.filter((r) => r.path !== archivePath)].slice(0, MAX_RECENT);
    await this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.data, null, 2);
    // Serialise writes; write to a temp file and rename so a crash never leaves half a file.
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
