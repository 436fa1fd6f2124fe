import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanStaleCaches, createCacheRoot, removeCacheRoot } from '../archive';
import { AppError } from '../../shared/errors';
import { openArchive } from './open-archive';
import type { MadeFrom } from './ports';
import type { InspectSession, OpenArchive, OpenOptions } from './session';

export const DEFAULT_MAX_OPEN = 32;
const ID_PATTERN = /^a[0-9a-z]{1,32}$/;

/** A fresh archive id: 'a' and 16 base-36 characters. */
export function mintArchiveId(): string {
  const n = BigInt(`0x${randomBytes(10).toString('hex')}`);
  return `a${n.toString(36).padStart(16, '0').slice(-16)}`;
}

/**
 * The open archives of this process, by id. Each gets its own folder in the
 * process's private cache root; closing an archive removes that folder.
 */
export class ArchiveRegistry {
  private readonly sessions = new Map<string, InspectSession>();
  private readonly cacheDirs = new Map<string, string>();
  private opening = 0;

  constructor(
    readonly cacheRoot: string,
    private readonly openSession: OpenArchive = openArchive,
    private readonly maxOpen = DEFAULT_MAX_OPEN,
  ) {}

  open(
    path: string,
    options: { signal?: AbortSignal; onProgress?: OpenOptions['onProgress']; parentPath?: string } = {},
  ): Promise<InspectSession> {
    return this.openIn(async () => ({ path }), options);
  }

  /**
   * Opens an archive that `make` writes into the archive's own cache folder
   * (a checkpoint image from containerd's store): it goes when the archive
   * closes, or at once when making or opening it fails.
   */
  openMade(
    make: (cacheDir: string) => Promise<{ path: string; madeFrom: MadeFrom }>,
    options: { signal?: AbortSignal; onProgress?: OpenOptions['onProgress'] } = {},
  ): Promise<InspectSession> {
    return this.openIn(make, options);
  }

  private async openIn(
    where: (cacheDir: string) => Promise<{ path: string; madeFrom?: MadeFrom }>,
    options: { signal?: AbortSignal; onProgress?: OpenOptions['onProgress']; parentPath?: string },
  ): Promise<InspectSession> {
    const { signal, onProgress, parentPath } = options;
    if (this.sessions.size + this.opening >= this.maxOpen) {
      throw new AppError('LIMIT_EXCEEDED', `${this.maxOpen} archives are open; close one first`, { max: this.maxOpen });
    }
    this.opening++;
    try {
      let id = mintArchiveId();
      while (this.sessions.has(id)) id = mintArchiveId();
      const cacheDir = join(this.cacheRoot, id);
      await mkdir(cacheDir, { mode: 0o700 });
      try {
        const { path, madeFrom } = await where(cacheDir);
        const session = await this.openSession(path, {
          archiveId: id,
          cacheDir,
          ...(madeFrom ? { madeFrom } : {}),
          ...(signal ? { signal } : {}),
          ...(onProgress ? { onProgress } : {}),
          ...(parentPath !== undefined ? { parentPath } : {}),
        });
        this.sessions.set(id, session);
        this.cacheDirs.set(id, cacheDir);
        return session;
      } catch (error) {
        await rm(cacheDir, { recursive: true, force: true });
        throw error;
      }
    } finally {
      this.opening--;
    }
  }

  get(archiveId: string): InspectSession {
    const session = ID_PATTERN.test(archiveId) ? this.sessions.get(archiveId) : undefined;
    if (!session) throw new AppError('NOT_FOUND', `no open archive ${archiveId}`, { archiveId });
    return session;
  }

  list(): InspectSession[] {
    return [...this.sessions.values()];
  }

  async close(archiveId: string): Promise<void> {
    const session = this.get(archiveId);
    const dir = this.cacheDirs.get(archiveId);
    this.sessions.delete(archiveId);
    this.cacheDirs.delete(archiveId);
    try {
      await session.close();
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.close(id).catch(() => undefined);
  }

  /** Removes the whole cache root (after closeAll, at quit). */
  async removeCache(): Promise<void> {
    await removeCacheRoot(this.cacheRoot);
  }
}

export interface ArchivesPortOptions {
  open?: OpenArchive;
  maxOpen?: number;
  /** Folder the private cache root is made in (default: the archive module's). */
  cacheBase?: string;
}

/** The registry behind the contract's archive channels, with a fresh private cache root. */
export async function createArchivesPort(options: ArchivesPortOptions = {}): Promise<ArchiveRegistry> {
  // Decompressed copies left by a process that crashed (skipping close()) go at start.
  await cleanStaleCaches(options.cacheBase).catch(() => undefined);
  const root = await createCacheRoot(options.cacheBase);
  return new ArchiveRegistry(root, options.open ?? openArchive, options.maxOpen ?? DEFAULT_MAX_OPEN);
}
