import type { InspectSession } from '../../../electron/inspect/session';
import { AppError } from '../../../shared/errors';

export type ViewOutcome = { view: string; ok: true; value: unknown } | { view: string; ok: false; error: AppError };

/**
 * Calls every view of a session, one after another, and records what each
 * gave. Anything thrown that is not an AppError is rethrown: that is the bug
 * these tests look for.
 */
export async function runAllViews(session: InspectSession): Promise<ViewOutcome[]> {
  const out: ViewOutcome[] = [];
  const call = async <T>(view: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await work();
      out.push({ view, ok: true, value });
      return value;
    } catch (error) {
      if (!(error instanceof AppError))
        throw new Error(`${view} threw a non-AppError: ${String(error)}`, { cause: error });
      out.push({ view, ok: false, error });
      return undefined;
    }
  };
  await call('overview', () => session.overview());
  await call('config', () => session.config());
  await call('spec', () => session.spec());
  const processes = (await call('processes', () => session.processes())) ?? [];
  const pids = new Set([1, ...processes.map((p) => p.pid)]);
  for (const pid of pids) {
    await call(`process(${pid})`, () => session.process(pid));
    const vmas = (await call(`vmas(${pid})`, () => session.vmas(pid))) ?? [];
    // Each VMA's start and a point 16 pages in: past what pages-N.img holds when the pagemap lies.
    for (const vma of vmas.filter((v) => Number.isSafeInteger(v.end))) {
      await call(`readMemory(${pid}, ${vma.start})`, () => session.readMemory(pid, vma.start, 4096));
      const inner = Math.min(vma.start + 16 * 4096, vma.end - 4096);
      if (inner > vma.start) await call(`readMemory(${pid}, ${inner})`, () => session.readMemory(pid, inner, 4096));
    }
  }
  await call('files', () => session.files());
  await call('sockets', () => session.sockets());
  await call('mounts', () => session.mounts());
  await call('memoryUsage', () => session.memoryUsage());
  const images = (await call('images', () => session.images())) ?? [];
  for (const image of images) await call(`decodeImage(${image.name})`, () => session.decodeImage(image.name, 0, 100));
  const rootfs = (await call('rootfs', () => session.rootfs())) ?? [];
  const firstFile = rootfs.find((e) => e.type === 'file');
  if (firstFile) await call('readRootfsFile', () => session.readRootfsFile(firstFile.path, 0, 4096));
  return out;
}

/** Whether an error or problem is about `member` (by its full name or its base name). */
export function names(member: string, text: string, details: unknown): boolean {
  const base = member.slice(member.lastIndexOf('/') + 1);
  const where = details && typeof details === 'object' && 'member' in details ? String(details.member) : '';
  return text.includes(base) || where.endsWith(base);
}
