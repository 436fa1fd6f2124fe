// The bundled containerd checkpoint against itself rewritten so that its
// spec.dump's lists (capabilities, environment, mounts) are in another order,
// and one environment value changed: the diff shows that value and nothing else.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffArchives } from '../../electron/inspect/diff/diff-archives';
import { openArchive } from '../../electron/inspect/open-archive';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'containerd-cri-web.tar');

interface Spec {
  process: { env: string[]; capabilities: Record<string, string[]> };
  mounts: unknown[];
}

/** The fixture with spec.dump rewritten by `edit`, repacked with tar (every other member as it was). */
async function rewritten(work: string, name: string, edit: (s: Spec) => void): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir);
  execFileSync('tar', ['-xf', FIXTURE, '-C', dir]);
  const specPath = path.join(dir, 'spec.dump');
  const spec = JSON.parse(await readFile(specPath, 'utf8')) as Spec;
  edit(spec);
  await writeFile(specPath, JSON.stringify(spec));
  const out = path.join(work, `${name}.tar`);
  execFileSync('tar', ['-cf', out, '-C', dir, '.']);
  return out;
}

const reorder = (s: Spec) => {
  s.process.env.reverse();
  for (const list of Object.values(s.process.capabilities)) list.reverse();
  s.mounts.reverse();
};

describe('diff of lists that differ only in order', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'ci-compare-order-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const diffOf = async (file: string) => {
    const open = async (f: string, n: number) => {
      const cacheDir = await mkdtemp(path.join(work, `cache-${n}-`));
      return openArchive(f, { archiveId: `a${n}`, cacheDir });
    };
    const [a, b] = [await open(FIXTURE, 1), await open(file, 2)];
    try {
      return await diffArchives(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  };

  it('capabilities, environment and mounts in another order: no difference', async () => {
    const file = await rewritten(work, 'reordered', reorder);
    const d = await diffOf(file);
    expect(d.spec).toEqual([]);
    expect(d.config).toEqual([]);
    expect(d.processes.changed).toEqual([]);
    expect(d.files.added.length + d.files.removed.length + d.sockets.added.length).toBe(0);
    expect(d.problems).toEqual([]);
  });

  it('a changed environment value is shown by its name, in full, its changed part marked', async () => {
    const file = await rewritten(work, 'changed', (s) => {
      reorder(s);
      s.process.env = s.process.env.map((v) => (v === 'APP_MODE=testbed' ? 'APP_MODE=production' : v));
    });
    const d = await diffOf(file);
    expect(d.spec).toEqual([
      {
        path: 'process.env["APP_MODE"]',
        before: 'APP_MODE=testbed',
        after: 'APP_MODE=production',
        change: 'changed',
        mark: { prefix: 'APP_MODE='.length, suffix: 0 },
      },
    ]);
  });
});
