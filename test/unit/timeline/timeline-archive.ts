// Checkpoint archives for the timeline and provenance tests, built from
// objects: a real tar (test/hostile/tar-writer.ts) of real CRIU images
// (test/unit/criu/build-image.ts), opened with the real session.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageType } from '../../../electron/criu/schema';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { file, tar } from '../../hostile/tar-writer';
import { buildImage, encodeEntry, header, minimalObject, sizePrefixed } from '../criu/build-image';

/** Seconds since the epoch of 2026-11-30T04:32:24Z. */
export const T0 = 1_796_013_144;

export type Members = Record<string, { data: string | Buffer; mtime?: number }>;

export function statsImage(dump: Record<string, number>, restore?: Record<string, number>): Buffer {
  return buildImage('STATS', [{ type: 'stats_entry', value: { dump, ...(restore ? { restore } : {}) } }]);
}

export function ghostImage(value: Record<string, unknown>, contents: string): Buffer {
  return Buffer.concat([
    header('GHOST_FILE'),
    sizePrefixed(encodeEntry('ghost_file_entry', value)),
    Buffer.from(contents),
  ]);
}

export function timerfdImage(over: Record<string, unknown>): Buffer {
  return buildImage('TIMERFD', [
    { type: 'timerfd_entry', value: { ...minimalObject(messageType('timerfd_entry')), ...over } },
  ]);
}

export function inventoryImage(value: Record<string, unknown>): Buffer {
  return buildImage('INVENTORY', [{ type: 'inventory_entry', value }]);
}

export function rootfsTar(files: Record<string, number>): Buffer {
  return tar(...Object.entries(files).map(([name, mtime]) => file(name, `${name}\n`, { mtime })));
}

/** Opens a tar of `members` with the real session; `done()` closes it and removes the files. */
export async function openMembers(members: Members): Promise<{ s: InspectSession; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'h-timeline-'));
  const path = join(dir, 'a.tar');
  const parts = [
    file('checkpoint/', '', { type: '5', mtime: T0 }),
    ...Object.entries(members).map(([name, m]) => file(name, m.data, { mtime: m.mtime ?? T0 + 60 })),
  ];
  writeFileSync(path, tar(...parts));
  const s = await openArchive(path, { archiveId: 'a', cacheDir: join(dir, 'cache') });
  return {
    s,
    done: async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
