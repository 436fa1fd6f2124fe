import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEngine, dockerName } from '../../../electron/containerd/docker-engine';
import { DEFAULT_DOCKER_SOCKET, dockerSocketCandidates } from '../../../electron/containerd/docker-socket';

const dir = mkdtempSync(path.join(os.tmpdir(), 'h-docker-engine-'));
const WEB = 'a'.repeat(64);
const DB = 'b'.repeat(64);
const OTHER = 'c'.repeat(64);

type Route = (url: string) => { status: number; body: string } | 'hang';

async function serve(name: string, route: Route): Promise<{ socket: string; paths: string[]; close(): Promise<void> }> {
  const socket = path.join(dir, name);
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    const answer = route(req.url ?? '');
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const inspectBody = (id: string) =>
  JSON.stringify({
    Id: id,
    Name: '/web',
    Image: 'sha256:1234',
    Driver: 'overlay2',
    Config: { Image: 'busybox:latest' },
    GraphDriver: {
      Name: 'overlay2',
      Data: { UpperDir: '/var/lib/docker/overlay2/L/diff', LowerDir: '/x/diff:/y/diff', Number: 3 },
    },
  });

describe("Docker's Engine API over its unix socket", () => {
  let docker: Awaited<ReturnType<typeof serve>>;
  let stranger: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    docker = await serve('docker.sock', (url) => {
      if (url === '/containers/json?all=1') {
        return {
          status: 200,
          body: JSON.stringify([
            { Id: WEB, Names: ['/other/alias', '/web'], Image: 'busybox:latest' },
            { Id: DB, Names: ['/db'] },
            { Id: OTHER, Names: ['/not-asked'] },
          ]),
        };
      }
      if (url === `/containers/${WEB}/json`) return { status: 200, body: inspectBody(WEB) };
      return { status: 404, body: JSON.stringify({ message: 'No such container' }) };
    });
    // Another dockerd that knows none of these containers (the host's, beside the testbed's).
    stranger = await serve('stranger.sock', (url) =>
      url.startsWith('/containers/json') ? { status: 200, body: '[]' } : { status: 404, body: '{}' },
    );
  });
  afterAll(async () => {
    await docker.close();
    await stranger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the asked containers by Docker's own name (not a link alias) and image, from the socket that knows them", async () => {
    const engine = createDockerEngine({
      explicit: stranger.socket,
      env: { DOCKER_HOST: `unix://${docker.socket}` },
      containerdPid: async () => null,
    });
    const answer = await engine.names([WEB, DB]);
    expect(answer).toEqual({
      ok: true,
      socket: docker.socket,
      value: new Map([
        [WEB, { name: 'web', image: 'busybox:latest' }],
        [DB, { name: 'db', image: null }],
      ]),
    });
    expect(stranger.paths).toContain('/containers/json?all=1');
  });

  it("reads a container's storage driver, graph driver data and image", async () => {
    const engine = createDockerEngine({ explicit: docker.socket, env: {}, containerdPid: async () => null });
    const answer = await engine.inspect(WEB);
    expect(answer).toEqual({
      ok: true,
      socket: docker.socket,
      value: {
        id: WEB,
        name: 'web',
        imageName: 'busybox:latest',
        imageId: 'sha256:1234',
        driver: 'overlay2',
        graphDriver: {
          name: 'overlay2',
          data: { UpperDir: '/var/lib/docker/overlay2/L/diff', LowerDir: '/x/diff:/y/diff' },
        },
      },
    });
  });

  it('answers with the reason of each socket when none knows the container (missing, 404, silent)', async () => {
    const silent = await serve('silent.sock', () => 'hang');
    try {
      const engine = createDockerEngine({
        explicit: path.join(dir, 'missing.sock'),
        env: { DOCKER_HOST: `unix://${silent.socket}` },
        containerdPid: async () => null,
        timeoutMs: 200,
      });
      const answer = await engine.inspect(DB);
      expect(answer.ok).toBe(false);
      const reason = answer.ok ? '' : answer.reason;
      expect(reason).toContain(`${path.join(dir, 'missing.sock')}: ENOENT`);
      expect(reason).toContain(`${silent.socket}: no answer within 200 ms`);
      expect(reason).toContain(DEFAULT_DOCKER_SOCKET);
    } finally {
      await silent.close();
    }
  });
});

describe('which Docker sockets are tried', () => {
  it("the named one, DOCKER_HOST when unix, the default, then the default in containerd's root", () => {
    expect(dockerSocketCandidates({ explicit: '/a.sock', env: { DOCKER_HOST: 'unix:///b.sock' } }, 77)).toEqual([
      '/a.sock',
      '/b.sock',
      DEFAULT_DOCKER_SOCKET,
      `/proc/77/root${DEFAULT_DOCKER_SOCKET}`,
    ]);
  });

  it('skips hosts we cannot speak to (tcp, ssh) and repeats', () => {
    expect(dockerSocketCandidates({ env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' } }, null)).toEqual([
      DEFAULT_DOCKER_SOCKET,
    ]);
    expect(dockerSocketCandidates({ explicit: DEFAULT_DOCKER_SOCKET, env: {} }, null)).toEqual([DEFAULT_DOCKER_SOCKET]);
  });
});

describe("Docker's name of a container", () => {
  it('is the first name without an inner slash, without its leading one', () => {
    expect(dockerName(['/a/b', '/web'])).toBe('web');
    expect(dockerName('/db')).toBe('db');
    expect(dockerName(['/a/b'])).toBeNull();
    expect(dockerName(null)).toBeNull();
  });
});
