// A unix-socket forwarder in front of containerd's socket. Killing it drops
// every connection and refuses new ones, as when containerd is killed; revive
// brings it back. The client under test cannot tell the difference.
import net from 'node:net';
import { rmSync } from 'node:fs';

export interface SocketProxy {
  path: string;
  kill(): Promise<void>;
  revive(): Promise<void>;
  close(): Promise<void>;
}

export async function startSocketProxy(listenPath: string, targetPath: string): Promise<SocketProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = async () => {
    rmSync(listenPath, { force: true });
    const s = net.createServer((client) => {
      const upstream = net.createConnection(targetPath);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => s.listen(listenPath, resolve));
    server = s;
  };
  const kill = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    rmSync(listenPath, { force: true });
  };
  await listen();
  return { path: listenPath, kill, revive: listen, close: kill };
}
