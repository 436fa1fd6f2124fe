import type { ServerResponse } from 'node:http';
import type { BytesPage } from '../../shared/dto';
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
