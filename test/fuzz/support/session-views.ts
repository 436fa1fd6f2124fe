/**
 * The whole open path: electron/inspect's openArchive on a file, then every
 * view of the session. Each call must give a result (plain JSON, as it
 * crosses the contract: byte reads through the hosts' encoders) or a typed
 * AppError; the session must close.
 */
import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { toBytesPage, toDecodedImagePage, toMemoryRange } from '../../../electron/ipc/encode';
import { assertPlainJson } from './plain-json';
import { settle } from './outcome';

const VIEW_TIME_MS = 10_000;

async function view<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  const out = await settle(what, run, VIEW_TIME_MS);
  if (!('value' in out)) return undefined;
  assertPlainJson(out.value, what);
  return out.value;
}

export interface ViewBudget {
  /** How many images to decode and rootfs files to read (a mutated archive may list thousands). */
  images: number;
  files: number;
}

/** Calls every view of an open session. */
export async function exerciseSession(
  session: InspectSession,
  budget: ViewBudget = { images: 40, files: 20 },
): Promise<void> {
  await view('summary', async () => session.summary());
  await view('overview', () => session.overview());
  await view('members', async () => session.members());
  await view('config', () => session.config());
  await view('spec', () => session.spec());
  await view('log', async () => toBytesPage(await session.log(0, 4096)));
  const processes = (await view('processes', () => session.processes())) ?? [];
  await view('files', () => session.files());
  await view('sockets', () => session.sockets());
  await view('mounts', () => session.mounts());
  await view('memoryUsage', () => session.memoryUsage());
  for (const pid of [...processes.map((p) => p.pid).slice(0, 8), 4_194_304]) {
    await view(`process(${pid})`, () => session.process(pid));
    const vmas = (await view(`vmas(${pid})`, () => session.vmas(pid))) ?? [];
    const first = vmas.find((v) => v.dumped > 0) ?? vmas[0];
    await view(`readMemory(${pid})`, async () =>
      toMemoryRange(await session.readMemory(pid, first?.start ?? 0x400000, 4096)),
    );
    await view(`readMemory(${pid}) at the top`, async () =>
      toMemoryRange(await session.readMemory(pid, 2 ** 53 - 4096, 4096)),
    );
  }
  const images = (await view('images', () => session.images())) ?? [];
  for (const image of images.slice(0, budget.images)) {
    await view(`decodeImage(${image.name})`, async () =>
      toDecodedImagePage(await session.decodeImage(image.name, 0, 50)),
    );
  }
  await view('decodeImage(missing)', () => session.decodeImage('checkpoint/nope.img', 0, 10));
  const rootfs = (await view('rootfs', () => session.rootfs())) ?? [];
  for (const entry of rootfs.slice(0, budget.files)) {
    await view(`readRootfsFile(${entry.path})`, async () =>
      toBytesPage(await session.readRootfsFile(entry.path, 0, 4096)),
    );
  }
  await view('readRootfsFile(outside)', async () =>
    toBytesPage(await session.readRootfsFile('../../etc/passwd', 0, 16)),
  );
  for (const m of session.members().slice(0, budget.files)) {
    await view(`readMember(${m.name})`, async () => toBytesPage(await session.readMember(m.name, 0, 1024)));
  }
}

/** Opens `path` as an InspectSession, exercises it, closes it; the cache folder must be left empty. */
export async function openAndExercise(
  path: string,
  cacheDir: string,
  budget?: ViewBudget,
): Promise<'opened' | 'refused'> {
  const opened = await settle('inspect openArchive', () => openArchive(path, { archiveId: 'afuzz', cacheDir }), 20_000);
  if (!('value' in opened)) return 'refused';
  try {
    await exerciseSession(opened.value, budget);
  } finally {
    await opened.value.close();
  }
  expect(await readdir(cacheDir)).toEqual([]);
  return 'opened';
}
