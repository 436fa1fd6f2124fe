// JSON output over the hostile archive: no raw control on the wire, and JSON.parse gives back the exact planted strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/run-cli-process';
import { HOSTILE as H } from './hostile-archive';
import { ARCHIVE_NAME, SAMPLE, expectTerminalClean, makeHostileFiles, type HostileFiles } from './hostile-files';

let f: HostileFiles;
beforeAll(async () => {
  f = await makeHostileFiles();
});
afterAll(() => f.remove());

async function json<T>(args: string[]): Promise<T> {
  const r = await runCliProcess(args);
  const what = args.slice(0, 1).concat(args.slice(2)).join(' ');
  expectTerminalClean(r, what);
  expect(r.code, `${what}: ${r.stderr.toString('utf8')}`).toBe(0);
  return JSON.parse(r.stdout.toString('utf8')) as T;
}

interface PsNode {
  command: string;
  cmdline?: string;
  environment_variables?: Record<string, string>;
}
interface Node {
  container_name: string;
  image: string;
  runtime: string;
  metadata: { pod_name: string; annotations: Record<string, string> };
  process_tree: PsNode;
  file_descriptors: { open_files?: { path: string }[] }[];
  mounts: { destination: string }[];
}

describe('JSON output of a hostile archive stays exact and carries no raw control', () => {
  it('inspect --all --format json', async () => {
    const [node] = await json<Node[]>(['inspect', f.archive, '--all', '--format', 'json']);
    expect(node?.container_name).toBe(H.containerName);
    expect(node?.image).toBe(H.image);
    expect(node?.runtime).toBe(H.runtime);
    expect(node?.metadata.pod_name).toBe(H.podName);
    expect(node?.metadata.annotations[H.annotationKey]).toBe(H.annotationValue);
    expect(node?.process_tree.cmdline).toContain(H.cmdlineWord);
    expect(node?.process_tree.environment_variables?.['APP_MODE']).toBe(H.envValue);
    expect(node?.file_descriptors.flatMap((d) => d.open_files ?? []).map((o) => o.path)).toContain(H.logPath);
    expect(node?.mounts.map((m) => m.destination)).toContain(H.mountDestination);
  });

  it('inspect --ps-tree --format json', async () => {
    const [node] = await json<Node[]>(['inspect', f.archive, '--ps-tree', '--format', 'json']);
    expect(node?.process_tree.command).toBe(H.comm);
  });

  it('memparse --search-regex --format json', async () => {
    const r = await json<{ matches: { comm: string }[] }>([
      'memparse',
      f.archive,
      '--search-regex',
      'T.X',
      '--format',
      'json',
    ]);
    expect(r.matches.length).toBeGreaterThan(0);
    expect(r.matches.map((m) => m.comm)).toContain(H.comm);
  });

  it('findings --format json --reveal', async () => {
    const r = await json<{ findings: { value?: string; locations: { where: string }[] }[] }>([
      'findings',
      f.archive,
      '--format',
      'json',
      '--reveal',
      '--no-memory',
    ]);
    const where = r.findings.flatMap((x) => x.locations.map((l) => l.where));
    expect(where.some((w) => w.includes(H.comm))).toBe(true);
    expect(where.some((w) => w.includes(H.rootfsName))).toBe(true);
  });

  it('diff --format json, hostile against the sample', async () => {
    // --details: our model with the file names; --any-container: checkpointctl refuses two containers.
    const { details: d } = await json<{
      details: {
        a: { fileName: string; containerName: string };
        processes: { removed: { comm: string; cmdline: string[] }[] };
        files: { removed: { path: string }[] };
        rootfs: { removed: { path: string }[] };
      };
    }>(['diff', f.archive, SAMPLE, '--format', 'json', '--details', '--any-container']);
    expect(d.a.fileName).toBe(ARCHIVE_NAME);
    expect(d.a.containerName).toBe(H.containerName);
    expect(d.processes.removed.map((p) => p.comm)).toContain(H.comm);
    expect(d.files.removed.map((x) => x.path)).toContain(H.logPath);
    expect(d.rootfs.removed.map((x) => x.path)).toContain(`/${H.rootfsName}`);
  });

  it('decode of core and files images', async () => {
    const core = await json<{ entries: { tc: { comm: string } }[] }>(['decode', f.archive, 'core-1.img']);
    expect(core.entries[0]?.tc.comm).toBe(H.comm);
    const files = await json<{ entries: { reg?: { name: string } }[] }>(['decode', f.archive, 'files.img']);
    expect(files.entries.map((e) => e.reg?.name)).toContain(H.logPath);
    expect(files.entries.map((e) => e.reg?.name)).toContain(H.busyboxPath);
  });
});
