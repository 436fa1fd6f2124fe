import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { BytesPage } from '../../shared/dto';
import { MAX_RANGE } from '../../shared/schemas';
import type { AppCore } from '../ipc/app-core';
import { sendJson } from './headers';

export const MAX_UPLOAD_BYTES = 32 * 1024 ** 3;

function sizeLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > max ? new AppError('LIMIT_EXCEEDED', `upload larger than ${max} bytes`) : null, chunk);
    },
  });
}

/** POST /api/upload: the browser's way to open a dropped file; stored in our private cache, then opened. */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, core: AppCore, uploadDir: string) {
  // A folder per upload keeps the user's file name (shown in the app) without collisions.
  const folder = path.join(uploadDir, randomBytes(8).toString('hex'));
  const target = path.join(folder, safeName(req.url));
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await pipeline(req, sizeLimit(MAX_UPLOAD_BYTES), createWriteStream(target, { mode: 0o600, flags: 'wx' }));
    const summary = await core.openPath(target);
    core.events.emit('archive.opened', summary);
    sendJson(res, 200, { ok: true, value: summary });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    sendJson(res, 200, { ok: false, error: toErrorInfo(error) });
  }
}

function safeName(url: string | undefined): string {
  const name = new URL(url ?? '/', 'http://x').searchParams.get('name') ?? 'upload.tar';
  const base = name.split(/[\\/]/).pop() ?? 'upload.tar';
  return base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'upload.tar';
}

/** GET /api/rootfs-file: a rootfs-diff file as a download, read in contract-sized ranges. */
export async function handleDownload(url: URL, res: ServerResponse, core: AppCore) {
  const archiveId = url.searchParams.get('archiveId');
  const filePath = url.searchParams.get('path');
  const read = (offset: number) =>
    core.dispatch('inspect.readRootfsFile', { archiveId, path: filePath, offset, length: MAX_RANGE });
  const first = await read(0);
  if (!first.ok) {
    sendJson(res, first.error.code === 'INVALID_ARGUMENT' ? 400 : 404, first);
    return;
  }
  let page = first.value as BytesPage;
  const name =
    (filePath ?? 'file')
      .split('/')
      .pop()
      ?.replace(/[^A-Za-z0-9._-]/g, '_') || 'file';
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${name}"`,
    'content-length': page.total,
  });
  let offset = 0;
  for (;;) {
    const bytes = Buffer.from(page.data, 'base64');
    if (bytes.length === 0) break;
    if (!res.write(bytes)) await new Promise((resolve) => res.once('drain', resolve));
    offset += bytes.length;
    if (offset >= page.total) break;
    const next = await read(offset);
    if (!next.ok) break;
    page = next.value as BytesPage;
  }
  res.end();
}
