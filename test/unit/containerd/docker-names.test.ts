import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../shared/dto/containerd';
import { dockerContainerFolder } from '../../../electron/containerd/docker-config-file';
import type { DockerEngine } from '../../../electron/containerd/docker-engine';
import {
  DOCKER_BUNDLE_LABEL,
  dockerNames,
  isDockerContainer,
  withDockerNames,
} from '../../../electron/containerd/docker-names';
import type { ContainerRecord } from '../../../electron/containerd/messages';
import { dockerRecord } from './docker-record';

const dir = mkdtempSync(path.join(os.tmpdir(), 'h-docker-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WEB = 'a'.repeat(64);
const DB = 'b'.repeat(64);

function record(id: string, dataRoot: string | null, labels: Record<string, string> = {}): ContainerRecord {
  const mounts = dataRoot
    ? [
        { destination: '/proc', source: 'proc' },
        { destination: '/etc/hostname', source: `${dataRoot}/containers/${id}/hostname` },
      ]
    : [];
  return dockerRecord(id, { mounts }, { labels: { [DOCKER_BUNDLE_LABEL]: `/run/docker/containerd/${id}`, ...labels } });
}

/** The Engine API as dockerNames sees it: only its answer matters here. */
const engine = (answer: Awaited<ReturnType<DockerEngine['names']>>): DockerEngine & { asked: string[][] } => {
  const asked: string[][] = [];
  return {
    asked,
    names: async (ids) => {
      asked.push([...ids]);
      return answer;
    },
    inspect: async () => ({ ok: false, reason: 'not used' }),
  };
};

const noPid = async () => null;

describe('Docker names in the listing', () => {
  it("take the Engine API's names for Docker's containers only", async () => {
    const e = engine({ ok: true, socket: '/s', value: new Map([[WEB, { name: 'web', image: 'busybox:1' }]]) });
    const names = await dockerNames('moby', [record(WEB, null)], e, noPid);
    expect(names).toEqual(new Map([[WEB, { name: 'web', image: 'busybox:1' }]]));
    expect(await dockerNames('default', [{ ...record(DB, null), labels: {} }], e, noPid)).toEqual(new Map());
    expect(e.asked).toEqual([[WEB]]);
  });

  it("fall back to Docker's config.v2.json, found through the spec's /etc/hostname mount, for this container only", async () => {
    const root = path.join(dir, 'docker');
    mkdirSync(path.join(root, 'containers', WEB), { recursive: true });
    writeFileSync(
      path.join(root, 'containers', WEB, 'config.v2.json'),
      JSON.stringify({ ID: WEB, Name: '/web', Config: { Image: 'busybox:2' } }),
    );
    mkdirSync(path.join(root, 'containers', DB), { recursive: true });
    // A config that is about another container: not taken.
    writeFileSync(path.join(root, 'containers', DB, 'config.v2.json'), JSON.stringify({ ID: WEB, Name: '/liar' }));
    const e = engine({ ok: false, reason: 'no socket' });
    const names = await dockerNames(
      'moby',
      [record(WEB, root), record(DB, root), record('c'.repeat(64), null)],
      e,
      noPid,
    );
    expect(names).toEqual(new Map([[WEB, { name: 'web', image: 'busybox:2' }]]));
  });

  it("find Docker's folder only from a mount of Docker's own files named by the container's id", () => {
    expect(dockerContainerFolder(record(WEB, '/var/lib/docker'))).toBe(`/var/lib/docker/containers/${WEB}`);
    const elsewhere = record(WEB, null);
    elsewhere.spec!.value = Buffer.from(
      JSON.stringify({
        mounts: [{ destination: '/etc/hostname', source: `/var/lib/docker/containers/${DB}/hostname` }],
      }),
    );
    expect(dockerContainerFolder(elsewhere)).toBeNull();
    expect(dockerContainerFolder({ ...elsewhere, spec: { type_url: '', value: Buffer.from('not json') } })).toBeNull();
  });

  it("replace the id with the name (and a missing image with Docker's), keep name order, leave other names alone", () => {
    const info = (id: string, name: string, image = ''): ContainerInfo =>
      ({ namespace: 'moby', id, name, image }) as unknown as ContainerInfo;
    const listed = withDockerNames(
      [info(WEB, WEB), info(DB, DB, 'kept:1'), info('x', 'already-named')],
      new Map([
        [WEB, { name: 'web', image: 'busybox:1' }],
        [DB, { name: 'a-db', image: 'other:2' }],
        ['x', { name: 'nope', image: null }],
      ]),
    );
    expect(listed.map((c) => [c.name, c.image])).toEqual([
      ['a-db', 'kept:1'],
      ['already-named', ''],
      ['web', 'busybox:1'],
    ]);
  });

  it("tell Docker's containers by namespace or by dockerd's bundle label", () => {
    expect(isDockerContainer('moby', { labels: {} })).toBe(true);
    expect(isDockerContainer('other', { labels: { [DOCKER_BUNDLE_LABEL]: '/x' } })).toBe(true);
    expect(isDockerContainer('k8s.io', { labels: {} })).toBe(false);
  });
});
