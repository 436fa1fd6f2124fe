import { describe, expect, it } from 'vitest';
import { fileFromArgv, toAbsolutePath } from '../../../electron/main/argv';

const cwd = '/home/u/work';

describe('fileFromArgv', () => {
  it('takes the first positional of a packaged app', () => {
    expect(fileFromArgv(['/opt/ci/checkpoint-inspector', 'cp.tar'], { hasAppArgument: false, cwd })).toBe(
      '/home/u/work/cp.tar',
    );
    expect(fileFromArgv(['/opt/ci/checkpoint-inspector'], { hasAppArgument: false, cwd })).toBeNull();
  });

  it('skips the app argument of an unpackaged run (npm start -- FILE)', () => {
    expect(fileFromArgv(['/x/electron', '/work/main', '/data/cp.tar.zst'], { hasAppArgument: true, cwd })).toBe(
      '/data/cp.tar.zst',
    );
    expect(fileFromArgv(['/x/electron', '/work/main'], { hasAppArgument: true, cwd })).toBeNull();
  });

  it('ignores Electron, Chromium and Node switches wherever they are', () => {
    const argv = [
      '/x/electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      'dist/main/main.cjs',
      '--no-sandbox',
      'a.tar',
      '--enable-logging',
    ];
    expect(fileFromArgv(argv, { hasAppArgument: true, cwd })).toBe('/home/u/work/a.tar');
    expect(
      fileFromArgv(['/x/electron', '--inspect=0', 'dist/main/main.cjs'], { hasAppArgument: true, cwd }),
    ).toBeNull();
  });

  it('treats everything after -- as a positional', () => {
    expect(fileFromArgv(['/opt/ci/app', '--', '-odd-name.tar'], { hasAppArgument: false, cwd })).toBe(
      '/home/u/work/-odd-name.tar',
    );
  });

  it('accepts file URLs and ignores other URLs and NUL bytes', () => {
    expect(fileFromArgv(['/opt/ci/app', 'file:///data/my%20cp.tar'], { hasAppArgument: false, cwd })).toBe(
      '/data/my cp.tar',
    );
    expect(fileFromArgv(['/opt/ci/app', 'https://evil.example/x.tar'], { hasAppArgument: false, cwd })).toBeNull();
    expect(toAbsolutePath('a\0b', cwd)).toBeNull();
    expect(toAbsolutePath('x'.repeat(5000), cwd)).toBeNull();
  });
});
