/**
 * The open(2) flag bits of Linux (asm-generic/fcntl.h, as on x86-64 and arm64):
 * the one table, for crit's `rfile.flags` names and for the file views.
 * O_RDONLY is 0 (the access mode is the low two bits). O_SYNC and O_TMPFILE are
 * the kernel's __O_SYNC and __O_TMPFILE bits (glibc's O_SYNC adds O_DSYNC,
 * its O_TMPFILE adds O_DIRECTORY).
 */
export const OPEN_FLAGS: ReadonlyArray<readonly [name: string, bit: number]> = [
  ['O_WRONLY', 0o1],
  ['O_RDWR', 0o2],
  ['O_CREAT', 0o100],
  ['O_EXCL', 0o200],
  ['O_NOCTTY', 0o400],
  ['O_TRUNC', 0o1000],
  ['O_APPEND', 0o2000],
  ['O_NONBLOCK', 0o4000],
  ['O_DSYNC', 0o10000],
  ['O_ASYNC', 0o20000],
  ['O_DIRECT', 0o40000],
  ['O_LARGEFILE', 0o100000],
  ['O_DIRECTORY', 0o200000],
  ['O_NOFOLLOW', 0o400000],
  ['O_NOATIME', 0o1000000],
  ['O_CLOEXEC', 0o2000000],
  ['O_SYNC', 0o4000000],
  ['O_PATH', 0o10000000],
  ['O_TMPFILE', 0o20000000],
];

export const O_CLOEXEC = 0o2000000;
