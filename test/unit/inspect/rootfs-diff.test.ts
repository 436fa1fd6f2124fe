import { describe, expect, it } from 'vitest';
import { parseDeletedFiles, rootfsEntries, rootfsPath } from '../../../electron/inspect/rootfs-diff';

const m = (name: string, type = 'file', size = 1) => ({
  name,
  type,
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime: new Date(0),
  linkname: type === 'symlink' ? '/target' : null,
});

describe('rootfsEntries', () => {
  it('turns whiteouts and deleted.files into deleted entries', () => {
    const entries = rootfsEntries(
      [m('etc', 'directory'), m('etc/.wh.passwd-'), m('etc/hosts', 'file', 42)],
      ['/var/log/old.log', 'etc/passwd-'],
    );
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    expect(byPath['/etc/passwd-']?.change).toBe('deleted');
    expect(byPath['/var/log/old.log']?.change).toBe('deleted');
    expect(byPath['/etc/hosts']).toMatchObject({ change: 'changed', size: 42, type: 'file' });
    expect(entries.filter((e) => e.path.includes('.wh.'))).toEqual([]);
  });

  it('marks what is under an opaque directory as added', () => {
    const entries = rootfsEntries([m('app', 'directory'), m('app/.wh..wh..opq'), m('app/new.txt'), m('other.txt')]);
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e.change]));
    expect(byPath).toEqual({ '/app': 'changed', '/app/new.txt': 'added', '/other.txt': 'changed' });
  });

  it('normalises tar names and keeps link targets', () => {
    expect(rootfsPath('./a//b/')).toBe('/a/b');
    expect(rootfsPath('/x')).toBe('/x');
    const [link] = rootfsEntries([m('./bin/sh', 'symlink', 0)]);
    expect(link).toMatchObject({ path: '/bin/sh', type: 'symlink', linkTarget: '/target', size: 0 });
  });

  it('reads only strings from deleted.files', () => {
    expect(parseDeletedFiles(['/a', 3, null, '/b'])).toEqual(['/a', '/b']);
    expect(parseDeletedFiles({ not: 'an array' })).toEqual([]);
  });
});
