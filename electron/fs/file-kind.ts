import type { Stats } from 'node:fs';

/** What a name is, in words, for a refusal ("… is a FIFO"). */
export function fileKind(s: Stats): string {
  if (s.isFile()) return 'a regular file';
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  if (s.isDirectory()) return 'a directory';
  return 'not a regular file';
}
