// Every layout a user has, opened through the CLI: an unpacked archive folder,
// a bare CRIU images folder (criu dump -D), a Podman export with volumes and a
// pre-checkpoint folder, a CRI-O archive (bind.mounts, its LogPath log member,
// name and IP from its annotations) and containerd's status/status.dump/
// container.log. Built from the testbed's real checkpoints (layout-fixtures.ts).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLayoutFixtures, type LayoutFixtures } from '../fixtures/layout-fixtures';
import { bundleCli } from './support/checkpoint-cli-run';
import { execCli } from './support/cli-exec';

const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');

interface Node {
  container_name: string;
  engine: string;
  ip?: string;
  layout: string;
  layout_members?: { name: string; role: string; writer: string; size: number; files: number }[];
  bind_mounts?: { source: string; destination: string; file_type: string; permissions?: number }[];
  process_tree?: { pid: number; command: string };
  problems: unknown[];
}

describe('checkpoint layouts through the CLI', () => {
  let f: LayoutFixtures;
  let cli: string;
  const inspect = async (target: string, ...more: string[]) => {
    const r = await execCli(cli, ['inspect', target, '--format', 'json', ...more]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as Node[])[0] as Node;
  };
  const roles = (n: Node) => Object.fromEntries((n.layout_members ?? []).map((m) => [m.name, m.role]));

  beforeAll(async () => {
    f = makeLayoutFixtures();
    cli = await bundleCli('h-layouts');
  }, 300_000);
  afterAll(() => f?.remove());

  it('an unpacked archive folder reads as its tar does', async () => {
    const tar = await inspect(`${FIXTURES_DIR}/containerd-cri-web.tar`, '--ps-tree');
    const folder = await inspect(f.unpacked, '--ps-tree');
    expect(folder.layout).toBe('folder');
    expect(tar.layout).toBe('tar');
    expect(folder.container_name).toBe(tar.container_name);
    expect(folder.process_tree).toEqual(tar.process_tree);
    expect(folder.problems).toEqual([]);
    const text = await execCli(cli, ['inspect', f.unpacked]);
    expect(text.stdout).toContain('Layout: folder (an unpacked checkpoint archive)');
  });

  it('a bare CRIU images folder: its processes, no missing-metadata problems, the layout said', async () => {
    const bare = await inspect(f.bare, '--ps-tree');
    expect(bare.layout).toBe('criu-folder');
    expect(bare.engine).toBe('unknown');
    expect(bare.process_tree?.pid).toBe(1);
    expect(bare.problems).toEqual([]);
    const text = await execCli(cli, ['inspect', f.bare]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Layout: folder of CRIU images only');
  });

  it('a folder that is not a checkpoint is refused, naming why', async () => {
    const r = await execCli(cli, ['inspect', f.root]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not a checkpoint');
  });

  it('containerd: status, status.dump and container.log', async () => {
    const n = await inspect(`${FIXTURES_DIR}/containerd-cri-web.tar`);
    expect(roles(n)).toMatchObject({
      status: 'container-status',
      'status.dump': 'container-status',
      'container.log': 'container-log',
      'dump.log': 'criu-log',
    });
  });

  it('Podman: volumes/*.tar, pre-checkpoint/, devshm, artifacts, ctr.log, network.status', async () => {
    const n = await inspect(f.podman);
    expect(n.engine).toBe('Podman');
    expect(roles(n)).toMatchObject({
      'volumes/webdata.tar': 'volume',
      'pre-checkpoint': 'pre-checkpoint',
      'devshm-checkpoint.tar': 'devshm',
      artifacts: 'artifacts',
      'ctr.log': 'container-log',
      'network.status': 'network-status',
    });
    const pre = n.layout_members?.find((m) => m.name === 'pre-checkpoint');
    expect(pre?.files).toBeGreaterThan(10);
  });

  it('CRI-O: bind.mounts, the LogPath log member, name and IP from annotations', async () => {
    const n = await inspect(f.crio);
    expect(n.engine).toBe('CRI-O');
    expect(n.container_name).toBe(f.crioFacts.name);
    expect(n.ip).toBe(f.crioFacts.ip);
    expect(roles(n)).toMatchObject({ 'bind.mounts': 'bind-mounts', 'io.kubernetes.cri-o.LogPath': 'container-log' });
    expect(n.bind_mounts).toEqual(f.crioFacts.bindMounts);
    const text = await execCli(cli, ['inspect', f.crio]);
    expect(text.stdout).toContain('/data <- /srv/crio-data (directory, mode 755)');
  });

  it('opening a folder leaves nothing in the cache after the command', async () => {
    const cache = `${f.root}/cache`;
    const r = await execCli(cli, ['inspect', f.unpacked], { XDG_CACHE_HOME: cache });
    expect(r.code, r.stderr).toBe(0);
    const left = await readdir(cache, { recursive: true }).catch(() => []);
    expect(left.filter((n) => String(n).endsWith('.tar'))).toEqual([]);
  });
});
