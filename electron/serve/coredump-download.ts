import type { ServerResponse } from 'node:http';
import { isAppError } from '../../shared/errors';
import type { CoreDownload } from '../app/coredump';
import type { AppCore } from '../ipc/app-core';
import { sendJson } from './headers';

/**
 * GET COREDUMP_DOWNLOAD_PATH?archiveId&pid: core.PID as a download. Its size
 * is known before a byte is sent (Content-Length), so a write cut short by
 * a read error, a cancel of its job or the client going away is a failed
 * download in the browser, never a file that looks whole.
 */
export async function handleCoreDownload(url: URL, res: ServerResponse, core: AppCore): Promise<void> {
  const archiveId = url.searchParams.get('archiveId') ?? '';
  const pidText = url.searchParams.get('pid') ?? '';
  if (!/^[1-9]\d{0,9}$/.test(pidText)) {
    sendJson(res, 400, { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'pid must be a process id' } });
    return;
  }
  let download: CoreDownload;
  try {
    download = await core.coredump.download(archiveId, Number(pidText));
  } catch (error) {
    if (!isAppError(error)) throw error;
    sendJson(res, error.code === 'NOT_FOUND' ? 404 : 400, { ok: false, error: error.toInfo() });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${download.fileName}"`,
    'content-length': download.size,
  });
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  try {
    await download.send(async (chunk) => {
      if (res.write(chunk)) return;
      // A client gone away never drains: the close ends the wait, and the next write fails the job.
      await new Promise((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
      gone.signal.throwIfAborted();
    }, gone.signal);
    res.end();
  } catch {
    // Headers are gone: the job says why it ended; the client sees a download cut short.
    res.destroy();
  }
}
