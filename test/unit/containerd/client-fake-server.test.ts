// The client against an in-process gRPC server on a unix socket that plays
// containerd: listing, the event watch with reconnect, and connection errors.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../../electron/containerd';
import { serviceConstructor } from '../../../electron/containerd/proto-root';
import type { ConnectionStatus } from '../../../shared/dto/containerd';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ctrd-fake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const sockPath = () => path.join(dir, `s${++n}.sock`);

type Handlers = grpc.UntypedServiceImplementation;
const ok = (value: unknown) => (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, value);

function fakeContainerd(events: grpc.ServerWritableStream<unknown, unknown>[] = []): Record<string, Handlers> {
  return {
    version: { Version: ok({ version: '2.1.9', revision: 'abc' }) },
    namespaces: { List: ok({ namespaces: [{ name: 'k8s.io' }, { name: 'default' }] }) },
    containers: {
      List: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        const ns = call.metadata.get('containerd-namespace')[0];
        cb(null, {
          containers:
            ns === 'default' ? [{ id: 'plain', image: 'busybox', runtime: { name: 'io.containerd.runc.v2' } }] : [],
        });
      },
    },
    tasks: { List: ok({ tasks: [{ id: 'plain', pid: 99, status: 'RUNNING' }] }) },
    events: {
      Subscribe: (call: grpc.ServerWritableStream<unknown, unknown>) => {
        events.push(call);
      },
    },
  };
}

async function serve(socket: string, services: Record<string, Handlers>): Promise<grpc.Server> {
  const server = new grpc.Server();
  for (const [key, impl] of Object.entries(services)) {
    server.addService(serviceConstructor(key as Parameters<typeof serviceConstructor>[0]).service, impl);
  }
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return server;
}

const clients: ContainerdClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
function client(socketPath: string, callTimeoutMs = 3000): ContainerdClient {
  const c = createContainerdClient({ socketPath, callTimeoutMs });
  clients.push(c);
  return c;
}

describe('containerd client against a fake server', () => {
  it('lists containers of every namespace with the namespace header', async () => {
    const socket = sockPath();
    const server = await serve(socket, fakeContainerd());
    try {
      const c = client(socket);
      expect(await c.version()).toEqual({ version: '2.1.9', revision: 'abc' });
      expect(await c.namespaces()).toEqual(['default', 'k8s.io']);
      const list = await c.listContainers();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        namespace: 'default',
        id: 'plain',
        status: 'running',
        pid: 99,
        image: 'busybox',
      });
      // introspection is not served: an old containerd, no pid
      expect(await c.serverPid()).toBeNull();
    } finally {
      server.forceShutdown();
    }
  });

  it('streams events and reconnects with backoff after the server restarts', async () => {
    const socket = sockPath();
    const streams: grpc.ServerWritableStream<unknown, unknown>[] = [];
    let server = await serve(socket, fakeContainerd(streams));
    const c = client(socket);
    const seen: { namespace: string | null; topic: string }[] = [];
    const states: ConnectionStatus['state'][] = [];
    const stop = c.watch(
      (e) => seen.push(e),
      (s) => states.push(s.state),
    );
    try {
      await expect.poll(() => streams.length, { timeout: 5000 }).toBe(1);
      streams[0]!.write({ namespace: 'default', topic: '/tasks/exit', timestamp: { seconds: 1, nanos: 0 } });
      await expect
        .poll(() => seen.some((e) => e.topic === '/tasks/exit' && e.namespace === 'default'), { timeout: 5000 })
        .toBe(true);
      expect(states).toContain('connected');

      server.forceShutdown();
      await expect
        .poll(() => states.includes('error') || states.includes('disconnected'), { timeout: 5000 })
        .toBe(true);
      rmSync(socket, { force: true });
      server = await serve(socket, fakeContainerd(streams));
      await expect.poll(() => streams.length, { timeout: 10_000 }).toBe(2);
      streams[1]!.write({ namespace: 'k8s.io', topic: '/containers/create' });
      await expect.poll(() => seen.some((e) => e.topic === '/containers/create'), { timeout: 5000 }).toBe(true);
      expect(states.filter((s) => s === 'connected').length).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
      server.forceShutdown();
    }
  });

  it('says when the socket is missing', async () => {
    const err = await client(path.join(dir, 'missing.sock'))
      .version()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONTAINERD_UNREACHABLE' });
    expect((err as Error).message).toContain('no containerd socket');
  });

  it('says NOT_CONTAINERD for a gRPC server without containerd services', async () => {
    const socket = sockPath();
    const server = await serve(socket, { namespaces: fakeContainerd().namespaces! });
    try {
      expect(
        await client(socket)
          .version()
          .catch((e: unknown) => e),
      ).toMatchObject({ code: 'NOT_CONTAINERD' });
      // a containerd too old for a call says which call
      const old = await client(socket)
        .rpc.unary('introspection', 'Server', {})
        .catch((e: unknown) => e);
      expect(old).toMatchObject({ code: 'CONTAINERD_TOO_OLD' });
    } finally {
      server.forceShutdown();
    }
  });

  it('says NOT_CONTAINERD or unreachable for a socket that does not speak HTTP/2', async () => {
    const socket = sockPath();
    const server = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      const err = await client(socket, 2000)
        .version()
        .catch((e: unknown) => e);
      expect(['NOT_CONTAINERD', 'CONTAINERD_UNREACHABLE']).toContain((err as { code: string }).code);
    } finally {
      server.close();
    }
  });

  it('says NOT_CONTAINERD for a path that is not a socket', async () => {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const err = await client(file, 2000)
      .version()
      .catch((e: unknown) => e);
    expect(['NOT_CONTAINERD', 'CONTAINERD_UNREACHABLE']).toContain((err as { code: string }).code);
    expect((err as Error).message).toContain(file);
  });

  it('times out a call that gets no answer', async () => {
    const socket = sockPath();
    const server = await serve(socket, { version: { Version: () => undefined } });
    try {
      const err = await client(socket, 300)
        .version()
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TIMEOUT' });
    } finally {
      server.forceShutdown();
    }
  });
});
