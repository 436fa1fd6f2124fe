import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { COREDUMP_DOWNLOAD_PATH, DOWNLOAD_PATH, MEMORY_DOWNLOAD_PATH, UPLOAD_PATH, WS_PATH } from '../../shared/wire';
import { handleCoreDownload } from './coredump-download';
import type { AppCore } from '../ipc/app-core';
import { isAuthorised, isSameHost, newToken, queryToken, tokenCookie } from './auth';
import { handleDownload, handleMemoryDownload } from './byte-routes';
import { sendText, setSecurityHeaders } from './headers';
import { stderrLog, type HostLog } from './host-log';
import { resolveHostLimits, type HostLimits } from './limits';
import { serveStatic } from './static-files';
import { UploadFolders } from './upload-folders';
import { handleUpload } from './upload-route';
import { bridgeSocket, type WsPressure } from './ws-bridge';

export const LOOPBACK = '127.0.0.1';

export interface BrowserHostOptions {
  core: AppCore;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Where uploaded archives are stored (inside our private cache). */
  uploadDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  /** Test-sized limits; the defaults are DEFAULT_HOST_LIMITS. */
  limits?: Partial<HostLimits>;
  /** The host's log (default: stderr, terminal-safe). */
  log?: HostLog;
  /** Each WebSocket client's flow state on every change. */
  onClientPressure?: (pressure: WsPressure) => void;
}

export interface BrowserHost {
  url: string;
  origin: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The contract over HTTP + WebSocket on 127.0.0.1 only: a random token per
 * start, a cookie after the first load, Host and Origin checked on every
 * request and upgrade.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? newToken();
  const limits = resolveHostLimits(options.limits);
  const log = options.log ?? stderrLog;
  const folders = new UploadFolders(options.uploadDir);
  const stopDeletingOnClose = options.core.onArchiveClosed((archiveId) => folders.archiveClosed(archiveId));
  let nextClientId = 1;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Node's own limit on one request (300 s by default) would cut a big upload short with no cleanup;
  // uploads have their own time limits, and every other route reads no body.
  const server = createServer({ requestTimeout: limits.uploadTimeMs + 60_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${LOOPBACK}:${port}`;

  const gate = (req: IncomingMessage): { status: 401 | 403; reason: string } | { status: 200; url: URL } => {
    if (!isSameHost(req, origin)) return { status: 403, reason: 'forbidden: wrong Host or Origin' };
    const url = new URL(req.url ?? '/', origin);
    if (!isAuthorised(req, url, token, port))
      return { status: 401, reason: 'unauthorised: open the URL with its token' };
    return { status: 200, url };
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    const verdict = gate(req);
    if (verdict.status !== 200) return sendText(res, verdict.status, verdict.reason);
    const { url } = verdict;
    if (queryToken(url) !== null) {
      // First load: trade the token in the URL for a cookie, then drop it from the address bar.
      res.writeHead(303, { 'set-cookie': tokenCookie(token, port), location: url.pathname });
      return res.end();
    }
    const route = async () => {
      if (url.pathname === UPLOAD_PATH && req.method === 'POST')
        return handleUpload(req, res, { core: options.core, folders, limits });
      if (url.pathname === DOWNLOAD_PATH && req.method === 'GET') return handleDownload(url, res, options.core);
      if (url.pathname === MEMORY_DOWNLOAD_PATH && req.method === 'GET')
        return handleMemoryDownload(url, res, options.core);
      if (url.pathname === COREDUMP_DOWNLOAD_PATH && req.method === 'GET')
        return handleCoreDownload(url, res, options.core);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
      if (!(await serveStatic(options.rendererDir, url.pathname, res))) sendText(res, 404, 'not found');
    };
    route().catch((error: unknown) => {
      // The path is the client's and the message may quote the archive: the log makes both terminal-safe.
      log(
        `internal error on ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
      );
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  };
  server.on('request', onRequest);
  // An upload that asks first (Expect: 100-continue) is refused before it sends a byte when it is too big.
  server.on('checkContinue', onRequest);

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const verdict = gate(req);
    const url = verdict.status === 200 ? verdict.url : null;
    if (verdict.status !== 200 || url?.pathname !== WS_PATH) {
      const status =
        verdict.status === 200 ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) =>
      bridgeSocket(ws, options.core, { clientId: nextClientId++, limits, log, onPressure: options.onClientPressure }),
    );
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      stopDeletingOnClose();
      await folders.closeAll();
    },
  };
}
