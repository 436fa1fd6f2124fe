// POST /api/upload: the browser's way to open a dropped file. The body is
// stored in our private cache, then opened. What one upload may cost is
// checked before a byte is read (Content-Length against the size limit and
// the free space) and again while streaming (chunked bodies declare nothing).
import { statfs } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { AppCore } from '../ipc/app-core';
import { sendJson } from './headers';
import type { HostLimits } from './limits';
import { receiveBody } from './upload-body';
import type { UploadFolders } from './upload-folders';

export interface UploadContext {
  core: AppCore;
  folders: UploadFolders;
  limits: HostLimits;
}

const STATUS: Partial<Record<string, number>> = {
  LIMIT_EXCEEDED: 413,
  TIMEOUT: 408,
  DISK_FULL: 507,
  INVALID_ARGUMENT: 400,
  CANCELLED: 400,
  CLOSED: 503,
};

function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  if (header === undefined) return null;
  if (!/^\d{1,16}$/.test(header)) throw new AppError('INVALID_ARGUMENT', 'Content-Length is not a byte count');
  return Number(header);
}

async function freeBytes(folder: string): Promise<number> {
  const fs = await statfs(folder);
  return fs.bavail * fs.bsize;
}

/**
 * Answers a refused upload and closes its connection. A client still sending
 * gets the answer first; one that never reads it is cut after the linger.
 */
function refuse(req: IncomingMessage, res: ServerResponse, error: unknown, lingerMs: number): void {
  const info = toErrorInfo(error);
  if (!res.headersSent) {
    res.writeHead(STATUS[info.code] ?? 500, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ ok: false, error: info }));
  }
  // What the client still sends is read and dropped (never stored) until the socket closes.
  req.resume();
  setTimeout(() => req.socket.destroy(), lingerMs).unref();
}

/** The byte budget of this upload, or the refusal when its declared size is already over it. */
async function budget(req: IncomingMessage, ctx: UploadContext): Promise<{ maxBytes: number; describeMax: string }> {
  const { maxUploadBytes, uploadFreeReserveBytes: reserve } = ctx.limits;
  const size = declaredLength(req);
  if (size !== null && size > maxUploadBytes) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `upload of ${size} bytes is over the upload limit of ${maxUploadBytes} bytes; open an archive that big by path (serve ARCHIVE)`,
      { size, max: maxUploadBytes },
    );
  }
  await ctx.folders.ensureRoot();
  const free = await freeBytes(ctx.folders.root);
  const promised = ctx.folders.promisedBytes();
  const room = Math.max(0, free - reserve - promised);
  const kept =
    promised > 0
      ? `keeps ${reserve} bytes in reserve and ${promised} for uploads in progress`
      : `keeps ${reserve} bytes in reserve`;
  if (size !== null && size > room) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `upload of ${size} bytes does not fit: the upload folder has ${free} bytes free and ${kept}`,
      { size, free, reserve, promised },
    );
  }
  if (size !== null) return { maxBytes: size, describeMax: `its Content-Length of ${size} bytes` };
  return room < maxUploadBytes
    ? { maxBytes: room, describeMax: `the free space of the upload folder (${free} bytes free, ${kept})` }
    : { maxBytes: maxUploadBytes, describeMax: `the upload limit of ${maxUploadBytes} bytes` };
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, ctx: UploadContext): Promise<void> {
  const { folders, limits } = ctx;
  let folder: string | null = null;
  let target = '';
  let release = () => {};
  try {
    const bodyLimits = await budget(req, ctx);
    release = folders.promise(bodyLimits.maxBytes);
    // Only now may a client that asked first (Expect: 100-continue) send the body.
    if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
    folder = await folders.create();
    target = path.join(folder, safeName(req.url));
    await receiveBody(req, target, { ...bodyLimits, timeMs: limits.uploadTimeMs, idleMs: limits.uploadIdleMs });
  } catch (error) {
    if (folder !== null) await folders.discard(folder);
    refuse(req, res, error, limits.refusalLingerMs);
    return;
  } finally {
    // On disk now (the free space counts it) or deleted.
    release();
  }
  await openUpload(res, ctx, folder, target);
}

/** Opens the stored upload; a copy that does not open is deleted at once. */
async function openUpload(res: ServerResponse, ctx: UploadContext, folder: string, target: string): Promise<void> {
  const { core, folders } = ctx;
  try {
    const summary = await core.openPath(target, { temporary: true });
    await folders.adopt(folder, summary.archiveId);
    core.events.emit('archive.opened', summary);
    sendJson(res, 200, { ok: true, value: summary });
  } catch (error) {
    await folders.discard(folder);
    sendJson(res, 200, { ok: false, error: toErrorInfo(error) });
  }
}

function safeName(url: string | undefined): string {
  const name = new URL(url ?? '/', 'http://x').searchParams.get('name') ?? 'upload.tar';
  const base = name.split(/[\\/]/).pop() ?? 'upload.tar';
  return base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'upload.tar';
}
