// `checkpoint-inspector build` with the real buildah, beside `checkpointctl
// build` on the same archive (issue 17): the same image annotations and the
// same files in the image. Needs buildah (Debian: apt-get install buildah;
// .ci/run installs it) and root for buildah's storage; fails saying so.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/run-cli-captured';
import { CHECKPOINTCTL, assertCheckpointctl } from '../support/peers';

const run = promisify(execFile);
const FIXTURES = resolve(__dirname, '../fixtures');
const TAG = `${process.pid}`;
const images: string[] = [];

async function buildah(...args: string[]): Promise<string> {
  return (await run('buildah', args, { maxBuffer: 64 << 20 })).stdout;
}

async function annotations(image: string): Promise<Record<string, string>> {
  const info = JSON.parse(await buildah('inspect', '--type', 'image', image)) as {
    ImageAnnotations?: Record<string, string>;
  };
  const all = info.ImageAnnotations ?? {};
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('org.criu.')));
}

/** The image's files, as paths, from a working container mounted for the purpose. */
async function files(image: string): Promise<string[]> {
  const container = (await buildah('from', image)).trim();
  try {
    const mount = (await buildah('mount', container)).trim();
    const { stdout } = await run('find', ['.', '-mindepth', '1'], { cwd: mount, maxBuffer: 16 << 20 });
    return stdout.split('\n').filter(Boolean).sort();
  } finally {
    await buildah('umount', container).catch(() => undefined);
    await buildah('rm', container);
  }
}

afterAll(async () => {
  for (const image of images) await buildah('rmi', '-f', image).catch(() => undefined);
});

describe('build with the real buildah', () => {
  it('has buildah and the reference checkpointctl', async () => {
    await expect(run('buildah', ['--version']), 'buildah is needed: apt-get install buildah').resolves.toBeDefined();
    assertCheckpointctl();
  });

  for (const fixture of ['containerd-cri-web.tar', 'podman-web-none.tar']) {
    it(`${fixture}: the image checkpointctl builds, annotations and files`, async () => {
      const archive = resolve(FIXTURES, fixture);
      const ours = `localhost/h-mem-build/ours-${fixture.replace(/\W/g, '-')}:${TAG}`;
      const theirs = `localhost/h-mem-build/theirs-${fixture.replace(/\W/g, '-')}:${TAG}`;
      images.push(ours, theirs);
      const r = await runCliCaptured(['build', archive, ours]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`Image '${ours}' created successfully`);
      await run(CHECKPOINTCTL, ['build', archive, theirs]);
      const mine = await annotations(ours);
      expect(Object.keys(mine).length).toBe(8);
      expect(mine['org.criu.checkpoint.container.name']).toBe('web');
      expect(mine).toEqual(await annotations(theirs));
      const content = await files(ours);
      expect(content).toContain('./config.dump');
      expect(content).toContain('./checkpoint/pstree.img');
      expect(content).toEqual(await files(theirs));
      // No working container left behind.
      expect(await buildah('containers', '--quiet', '--filter', `ancestor=${ours}`)).toBe('');
    }, 120_000);
  }
});
