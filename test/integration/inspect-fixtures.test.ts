// Every committed fixture archive, opened through the session API and the
// CLI, must show the facts its manifest records (made by test/testbed).
// Needs no testbed: the archives are files in test/fixtures.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../electron/inspect/open-archive';
import type { InspectSession } from '../../electron/inspect/session';
import { runCli } from '../../electron/cli/main';

interface Manifest {
  archive: string;
  format: string;
  container: { id: string; name: string; image: string; pod?: { name: string; namespace: string } };
  processes: Array<{ pid: number; ppid: number; comm: string; argv: string[] }>;
  env: { keys: string[]; secret: { key: string; value: string } };
  listening: Array<{ pid: number; port: number }>;
  openFiles: Record<string, string[]>;
  rootfsDiff: { added: string[]; changed: string[]; deleted: string[] };
  members: string[];
  /** For a checkpoint OCI image: where the checkpoint sits in it (digest-checked on open). */
  checkpointImage?: Record<string, unknown>;
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const manifests = (await readdir(FIXTURES)).filter((n) => n.endsWith('.manifest.json')).sort();

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r): r is () => void => typeof r === 'function');
      cb?.();
      return true;
    };
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

it('has fixtures to check', () => {
  expect(manifests.length).toBeGreaterThan(0);
});

describe.each(manifests)('%s', (manifestName) => {
  let m: Manifest;
  let archive: string;
  let session: InspectSession;
  let cacheDir: string;

  beforeAll(async () => {
    m = JSON.parse(await readFile(join(FIXTURES, manifestName), 'utf8')) as Manifest;
    archive = join(FIXTURES, m.archive);
    cacheDir = await mkdtemp(join(tmpdir(), 'inspect-fixture-'));
    session = await openArchive(archive, { archiveId: 'a1', cacheDir });
  });
  afterAll(async () => {
    await session?.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('summarises the container', async () => {
    const s = session.summary();
    expect(s.containerName).toBe(m.container.name);
    expect(s.image).toBe(m.container.image);
    expect(s.engine).toBe(m.format === 'podman' ? 'podman' : 'containerd');
    if (m.checkpointImage) expect(s.checkpointImage).toEqual(m.checkpointImage);
    else expect(s.checkpointImage).toBeNull();
    const o = await session.overview();
    expect(o.containerId).toBe(m.container.id);
    expect(o.processCount).toBe(m.processes.length);
    expect(o.warnings).toEqual([]);
    if (m.container.pod) {
      expect(o.podName).toBe(m.container.pod.name);
      expect(o.podNamespace).toBe(m.container.pod.namespace);
    }
    expect(o.memoryPagesSize).toBeGreaterThan(0);
    // Only CRI archives carry dump.log, where CRIU writes its version.
    if (m.members.includes('dump.log')) expect(o.criuVersion).toMatch(/^\d+\.\d+/);
    else expect(o.criuVersion).toBeNull();
  });

  it('lists every member of the manifest', () => {
    const names = new Set(session.members().map((x) => x.name));
    for (const name of m.members) expect(names, name).toContain(name);
  });

  it('shows the process tree with command lines read from memory', async () => {
    const procs = await session.processes();
    expect(procs.map((p) => [p.pid, p.ppid, p.comm])).toEqual(m.processes.map((p) => [p.pid, p.ppid, p.comm]));
    for (const p of m.processes) expect(procs.find((x) => x.pid === p.pid)?.cmdline).toEqual(p.argv);
  });

  it('reads the environment of the container init from memory', async () => {
    const root = m.processes.find((p) => p.ppid === 0) ?? m.processes[0];
    const env = (await session.process(root!.pid)).environment;
    const names = env.map((e) => e.name);
    for (const key of m.env.keys) expect(names).toContain(key);
    expect(env.find((e) => e.name === m.env.secret.key)?.value).toBe(m.env.secret.value);
  });

  it('finds the open files', async () => {
    const files = await session.files();
    expect(files.problems).toEqual([]);
    for (const [pid, paths] of Object.entries(m.openFiles)) {
      const mine = files.rows.filter((f) => f.pid === Number(pid)).map((f) => f.path);
      for (const path of paths) expect(mine).toContain(path);
    }
  });

  it('finds the TCP listener and its port', async () => {
    const sockets = await session.sockets();
    expect(sockets.problems).toEqual([]);
    for (const l of m.listening) {
      const hit = sockets.rows.find((s) => s.pid === l.pid && s.localPort === l.port);
      expect(hit, `pid ${l.pid} port ${l.port}`).toMatchObject({ protocol: 'TCP', state: 'LISTEN', type: 'STREAM' });
    }
  });

  it('shows the rootfs diff: changed files and deleted ones', async () => {
    const entries = new Map((await session.rootfs()).map((e) => [e.path, e]));
    for (const path of [...m.rootfsDiff.added, ...m.rootfsDiff.changed]) {
      expect(entries.get(path)?.change, path).toMatch(/^(added|changed)$/);
    }
    for (const path of m.rootfsDiff.deleted) expect(entries.get(path)?.change, path).toBe('deleted');
    const first = m.rootfsDiff.added[0] ?? m.rootfsDiff.changed[0];
    if (first) {
      const page = await session.readRootfsFile(first, 0, 1024 * 1024);
      expect(page.total).toBe(entries.get(first)?.size);
      expect(page.data.length).toBe(page.total);
    }
  });

  it('maps memory and reads the argv bytes back', async () => {
    const root = m.processes[0]!;
    const vmas = await session.vmas(root.pid);
    expect(vmas.length).toBeGreaterThan(3);
    expect(vmas.some((v) => v.file === '[stack]')).toBe(true);
    const usage = await session.memoryUsage();
    expect(usage.problems).toEqual([]);
    expect(usage.rows.map((u) => u.pid).sort()).toEqual(m.processes.map((p) => p.pid).sort());
    for (const u of usage.rows) expect(u.dumpedSize).toBeGreaterThan(0);
  });

  it('decodes images and lists them', async () => {
    const images = await session.images();
    expect(images.find((i) => i.name === 'checkpoint/pstree.img')).toMatchObject({
      type: 'PSTREE',
      entryCount: m.processes.length,
    });
    expect(images.find((i) => /pages-\d+\.img$/.test(i.name))?.type).toBe('RAW');
    const page = await session.decodeImage('checkpoint/pstree.img', 0, 10);
    expect(page.raw).toBe(false);
    expect((page.entries as Array<{ pid: number }>).map((e) => e.pid)).toEqual(m.processes.map((p) => p.pid));
  });

  it('CLI inspect --all --format json gives checkpointctl keys and the facts', async () => {
    const r = await cli(['inspect', archive, '--all', '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [node] = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(node).toMatchObject({ container_name: m.container.name, image: m.container.image, id: m.container.id });
    const tree = node!['process_tree'] as {
      pid: number;
      cmdline: string;
      environment_variables: Record<string, string>;
      children?: Array<{ pid: number }>;
    };
    expect(tree.pid).toBe(m.processes[0]!.pid);
    // checkpointctl joins the argv area at its NULs, so its last NUL becomes a trailing space.
    expect(tree.cmdline).toBe(`${m.processes[0]!.argv.join(' ')} `);
    expect(tree.environment_variables[m.env.secret.key]).toBe(m.env.secret.value);
    expect(tree.children?.map((c) => c.pid)).toEqual(m.processes.filter((p) => p.ppid === tree.pid).map((p) => p.pid));
    const sockets = node!['sockets'] as Array<{
      pid: number;
      open_sockets: Array<{ data: { src_port?: number; state?: string } }>;
    }>;
    for (const l of m.listening) {
      expect(
        sockets
          .find((s) => s.pid === l.pid)
          ?.open_sockets.some((s) => s.data.src_port === l.port && s.data.state === 'LISTEN'),
      ).toBe(true);
    }
    expect(node!['checkpoint_size']).toHaveProperty('total_size');
    const image = m.checkpointImage;
    if (image) {
      expect(node!['checkpoint_image']).toEqual({
        layout: image['layout'],
        format: image['format'],
        ref_name: image['refName'],
        manifest_digest: image['manifestDigest'],
        layer_digest: image['layerDigest'],
        layer_media_type: image['layerMediaType'],
        layer_size: image['layerSize'],
        annotations: image['annotations'],
      });
      const text = await cli(['inspect', archive]);
      expect(text.code).toBe(0);
      expect(text.out).toContain(`Checkpoint image: ${String(image['refName'])}`);
      expect(text.out).toContain(`Layer: ${String(image['layerDigest'])}`);
    } else expect(node).not.toHaveProperty('checkpoint_image');
  });

  it('CLI show, memparse, decode and rootfs', async () => {
    const show = await cli(['show', archive]);
    expect(show.code).toBe(0);
    expect(show.out).toContain('CONTAINER');
    expect(show.out).toContain(m.container.name);
    const mem = await cli(['memparse', archive]);
    expect(mem.code).toBe(0);
    for (const p of m.processes) expect(mem.out).toMatch(new RegExp(`^${p.pid}\\s+${p.comm}\\s`, 'm'));
    const dump = await cli(['memparse', archive, '--pid', String(m.processes[0]!.pid)]);
    expect(dump.code).toBe(0);
    expect(dump.out).toMatch(/^[0-9a-f]{16} {2}([0-9a-f]{2} ){16} \|/m);
    const dec = await cli(['decode', archive, 'pstree.img']);
    expect(dec.code).toBe(0);
    expect((JSON.parse(dec.out) as { magic: string; entries: unknown[] }).magic).toBe('PSTREE');
    const list = await cli(['rootfs', archive]);
    expect(list.code).toBe(0);
    for (const path of m.rootfsDiff.deleted)
      expect(list.out).toMatch(new RegExp(`^deleted .* ${path.replace(/\./g, '\\.')}$`, 'm'));
    const first = m.rootfsDiff.added[0];
    if (first) {
      const cat = await cli(['rootfs', archive, first]);
      expect(cat.code).toBe(0);
      const expected = (await session.readRootfsFile(first, 0, 1024 * 1024)).data.toString('utf8');
      expect(cat.out).toBe(expected);
    }
  });
});

describe('CLI exit codes', () => {
  it('gives 1 for a broken archive and 2 for bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inspect-broken-'));
    try {
      const junk = join(dir, 'junk.tar');
      await writeFile(junk, Buffer.alloc(3000, 0x41));
      expect((await cli(['show', junk])).code).toBe(1);
      expect((await cli(['show'])).code).toBe(2);
      expect((await cli(['inspect', junk, '--format', 'yaml'])).code).toBe(2);
      expect((await cli(['inspect', junk, '--no-such-flag'])).code).toBe(2);
      expect((await cli(['memparse', junk, '--pid', 'x'])).code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
