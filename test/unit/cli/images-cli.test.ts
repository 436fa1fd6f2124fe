// The `images` command's table and usage rules, and the rules that keep a
// name from containerd's store safe: the made archive's file name, the
// contract's image-name schema. Its runs against containerd are in
// test/integration/checkpoint-images.test.ts.
import { describe, expect, it } from 'vitest';
import type { CheckpointImageRow } from '../../../shared/dto';
import { imageName } from '../../../shared/schemas';
import { imageArchiveName } from '../../../electron/app/checkpoint-images';
import { formatImages } from '../../../electron/cli/commands/images';
import { runCliCaptured } from '../../support/run-cli-captured';

const row = (over: Partial<CheckpointImageRow>): CheckpointImageRow => ({
  namespace: 'default',
  name: 'localhost/cp/plain:rw',
  format: 'containerd',
  digest: `sha256:${'a'.repeat(64)}`,
  createdAt: '2026-12-03T15:28:48.011680518Z',
  baseImage: 'localhost/busybox:testbed',
  runtime: 'io.containerd.runc.v2',
  bytes: 177_766,
  hasRootfsDiff: true,
  ...over,
});

describe('images', () => {
  it('the table names each image, its kind, size, rootfs diff and image; names are escaped', () => {
    const text = formatImages({
      images: [row({}), row({ name: 'evil\n\u001b[31mred', format: 'oci', hasRootfsDiff: null, baseImage: null })],
      problems: [],
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+KIND\s+CREATED\s+SIZE\s+ROOTFS DIFF\s+IMAGE$/);
    expect(lines[2]).toMatch(
      /localhost\/cp\/plain:rw\s+containerd\s+2026-12-03T15:28:48.011680518Z\s+173.6 KiB\s+yes\s+localhost\/busybox:testbed/,
    );
    expect(lines).toHaveLength(4);
    expect(text).not.toContain('\u001b');
    expect(lines[3]).toMatch(/\s+oci\s+.*\s+-\s+-$/);
  });

  it('--save needs one namespace and an output; --output alone is refused', async () => {
    const save = await runCliCaptured(['images', '--address', '/nonexistent.sock', '--save', 'x:1', '-o', '/tmp/x']);
    expect(save.code).toBe(2);
    expect(save.err).toContain('--save needs one --namespace and an --output');
    const two = await runCliCaptured([
      'images',
      '--namespace',
      'a',
      '--namespace',
      'b',
      '--save',
      'x:1',
      '-o',
      '/tmp/x',
    ]);
    expect(two.code).toBe(2);
    const output = await runCliCaptured(['images', '-o', '/tmp/x']);
    expect(output.code).toBe(2);
    expect(output.err).toContain('--output is for --save');
  });

  it('a socket that is not there fails with the code that says so', async () => {
    const r = await runCliCaptured(['images', '--address', '/nonexistent/containerd.sock']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/images: (CONTAINERD_UNREACHABLE|NOT_FOUND)/);
  });
});

describe('names from the image store', () => {
  it('the made archive is named with safe characters only, never a path', () => {
    expect(imageArchiveName('localhost/cp/plain:rw')).toBe('localhost_cp_plain_rw.tar');
    expect(imageArchiveName('../../etc/passwd')).toBe('etc_passwd.tar');
    expect(imageArchiveName('...')).toBe('checkpoint-image.tar');
    expect(imageArchiveName('a'.repeat(500))).toHaveLength(124);
  });

  it('the contract takes printable names without spaces or control characters', () => {
    expect(imageName.safeParse('localhost/cp/plain:rw').success).toBe(true);
    expect(imageName.safeParse('docker.io/library/busybox@sha256:' + 'a'.repeat(64)).success).toBe(true);
    for (const bad of ['', 'a b', 'a\nb', 'x\u001b[31m', 'é', 'a'.repeat(1025)])
      expect(imageName.safeParse(bad).success).toBe(false);
  });
});
