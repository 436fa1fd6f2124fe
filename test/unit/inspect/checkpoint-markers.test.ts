import { describe, expect, it } from 'vitest';
import { isCheckpointArchive, requireCheckpointArchive } from '../../../electron/inspect/checkpoint-markers';

describe('what counts as a checkpoint archive', () => {
  it.each([
    [['checkpoint/', 'checkpoint/inventory.img']],
    [['checkpoint']],
    [['config.dump']],
    [['spec.dump', 'rootfs-diff.tar']],
    [['inventory.img', 'pstree.img']],
  ])('%j is one (damaged or not)', (names) => {
    expect(isCheckpointArchive(names)).toBe(true);
  });

  it.each([[[]], [['etc/passwd', 'usr/bin/ls']], [['notes.txt', 'backup/checkpoint/x']], [['layer/inventory.img']]])(
    '%j is none',
    (names) => {
      expect(isCheckpointArchive(names)).toBe(false);
    },
  );

  it('refuses a plain tar with a clear ARCHIVE_UNSUPPORTED that says what was looked for', () => {
    expect(() => requireCheckpointArchive(['etc/passwd', 'etc/hosts'])).toThrow(
      expect.objectContaining({
        code: 'ARCHIVE_UNSUPPORTED',
        message: expect.stringContaining('no checkpoint/ folder'),
      }),
    );
    expect(() => requireCheckpointArchive(['config.dump'])).not.toThrow();
  });
});
