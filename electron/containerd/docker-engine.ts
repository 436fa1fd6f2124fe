// Docker's Engine API, plain HTTP/1.1 over its unix socket: the two reads we
// need (container names; one container's storage driver and image). Nothing
// here is required: when no socket answers, callers fall back to what
// containerd holds, so every failure is an answer with a reason, not a throw.
import http from 'node:http';
import { dockerSocketCandidates, type DockerSocketSources } from './docker-socket';

const TIMEOUT_MS = 3000;
const MAX_BODY = 32 * 1024 * 1024;

export type DockerAnswer<T> = { ok: true; value: T; socket: string } | { ok: false; reason: string };

/** The part of GET /containers/{id}/json we use. */
export interface DockerContainerJson {
  id: string;
  /** "web" for Docker's "/web". */
  name: string | null;
  /** What the container was made from, as the user named it (Config.Image). */
  imageName: string | null;
  /** The image's id (sha256:...). */
  imageId: string | null;
  /** Docker's storage: a graph driver (overlay2, with Data.UpperDir...) or a containerd snapshotter's name. */
  driver: string | null;
  graphDriver: { name: string; data: Record<string, string> } | null;
}

/** How Docker lists a container: its name, and its image as the user named it. */
export interface DockerListed {
  name: string;
  image: string | null;
}

export interface DockerEngine {
  /** Docker's names and images by container id, from the first socket that knows one of `ids`. */
  names(ids: readonly string[]): Promise<DockerAnswer<Map<string, DockerListed>>>;
  inspect(id: string): Promise<DockerAnswer<DockerContainerJson>>;
}

export interface DockerEngineOptions extends DockerSocketSources {
  /** containerd's pid, to reach a dockerd socket in containerd's mount namespace. */
  containerdPid: () => Promise<number | null>;
  timeoutMs?: number;
}

type Got = { status: number; body: unknown } | { error: string };

export function createDockerEngine(opts: DockerEngineOptions): DockerEngine {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;

  /** Asks each candidate in turn; `accept` says whether an answer is the one wanted (else: next socket). */
  async function ask<T>(path: string, accept: (got: { status: number; body: unknown }) => T | null) {
    const pid = await opts.containerdPid().catch(() => null);
    const reasons: string[] = [];
    for (const socket of dockerSocketCandidates(opts, pid)) {
      const got = await getJson(socket, path, timeoutMs);
      if ('error' in got) {
        reasons.push(`${socket}: ${got.error}`);
        continue;
      }
      const value = accept(got);
      if (value !== null) return { ok: true, value, socket } as const;
      reasons.push(`${socket}: HTTP ${got.status}`);
    }
    return { ok: false, reason: `Docker's Engine API did not answer (${reasons.join('; ')})` } as const;
  }

  return {
    names: (ids) =>
      ask('/containers/json?all=1', ({ status, body }) => {
        if (status !== 200 || !Array.isArray(body)) return null;
        const wanted = new Set(ids);
        const names = new Map<string, DockerListed>();
        for (const item of body as unknown[]) {
          const c = obj(item);
          const name = dockerName(c.Names);
          if (typeof c.Id === 'string' && wanted.has(c.Id) && name) names.set(c.Id, { name, image: str(c.Image) });
        }
        return names.size > 0 || ids.length === 0 ? names : null;
      }),
    inspect: (id) =>
      ask(`/containers/${encodeURIComponent(id)}/json`, ({ status, body }) => {
        const c = obj(body);
        if (status !== 200 || c.Id !== id) return null;
        return parseInspect(id, c);
      }),
  };
}

/** Docker's primary name: "/web" -> "web". Legacy links add "/other/alias" names, which are not the container's own. */
export function dockerName(names: unknown): string | null {
  if (typeof names === 'string') names = [names];
  if (!Array.isArray(names)) return null;
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const bare = n.replace(/^\//, '');
    if (bare && !bare.includes('/')) return bare;
  }
  return null;
}

function parseInspect(id: string, c: Record<string, unknown>): DockerContainerJson {
  const graph = obj(c.GraphDriver);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(graph.Data))) if (typeof v === 'string') data[k] = v;
  return {
    id,
    name: dockerName(c.Name),
    imageName: str(obj(c.Config).Image),
    imageId: str(c.Image),
    driver: str(c.Driver),
    graphDriver: typeof graph.Name === 'string' && graph.Name ? { name: graph.Name, data } : null,
  };
}

function getJson(socketPath: string, path: string, timeoutMs: number): Promise<Got> {
  return new Promise<Got>((resolve) => {
    // A fresh connection each time (agent: false), so nothing keeps a CLI run alive.
    const req = http.request({ socketPath, path, method: 'GET', agent: false, headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) done({ error: `answer larger than ${MAX_BODY} bytes` });
        else chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          done({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch {
          done({ error: `HTTP ${res.statusCode ?? '?'} without JSON` });
        }
      });
      res.on('error', (e) => done({ error: e.message }));
    });
    const timer = setTimeout(() => done({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    function done(got: Got) {
      clearTimeout(timer);
      req.destroy();
      resolve(got);
    }
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    req.end();
  });
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
