import type { ServerResponse } from 'node:http';
import type { BytesPage, MemoryRange, SavedMemoryRange } from '../../shared/dto';
import { MAX_RANGE } from '../../shared/schemas';
import type { AppCore } from '../ipc/app-core';
import { sendJson } from './headers';

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

/** GET MEMORY_DOWNLOAD_PATH: a memory range as a raw file, checked whole first (the core refuses absent pages), then read in contract-sized ranges. */
export async function handleMemoryDownload(url: URL, res: ServerResponse, core: AppCore) {
  const q = (name: string) => {
    const text = url.searchParams.get(name);
    return text !== null && /^\d{1,16}$/.test(text) ? Number(text) : text;
  };
  const archiveId = url.searchParams.get('archiveId');
  const [pid, start, end] = [q('pid'), q('start'), q('end')];
  const checked = await core.dispatch('inspect.checkMemoryRange', { archiveId, pid, start, end });
  if (!checked.ok) {
    sendJson(res, checked.error.code === 'INVALID_ARGUMENT' ? 400 : 404, checked);
    return;
  }
  const range = checked.value as SavedMemoryRange;
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="memory-${Number(pid)}-0x${range.start.toString(16)}-0x${range.end.toString(16)}.bin"`,
    'content-length': range.bytes,
  });
  for (let at = range.start; at < range.end;) {
    const length = Math.min(MAX_RANGE, range.end - at);
    const page = await core.dispatch('inspect.readMemory', { archiveId, pid, address: at, length });
    // Headers are gone: a failed read can only cut the download short, which the browser reports.
    if (!page.ok) return void res.destroy();
    const bytes = Buffer.from((page.value as MemoryRange).data, 'base64');
    if (!res.write(bytes)) await new Promise((resolve) => res.once('drain', resolve));
    at += length;
  }
  res.end();
}
