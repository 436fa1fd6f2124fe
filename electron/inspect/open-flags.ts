const FLAG_BITS: ReadonlyArray<readonly [number, string]> = [
  [0o100, 'O_CREAT'],
  [0o200, 'O_EXCL'],
  [0o400, 'O_NOCTTY'],
  [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'],
  [0o10000, 'O_DSYNC'],
  [0o20000, 'O_ASYNC'],
  [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'],
  [0o200000, 'O_DIRECTORY'],
  [0o400000, 'O_NOFOLLOW'],
  [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'],
  [0o4000000, 'O_SYNC'],
  [0o10000000, 'O_PATH'],
  [0o20000000, 'O_TMPFILE'],
];

/** open(2) flags as names, e.g. "O_WRONLY|O_APPEND|O_CLOEXEC". `cloexec` is the fd's FD_CLOEXEC. */
export function openFlagNames(flags: number, cloexec = false): string {
  const names: string[] = [['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'][flags & 3] as string];
  const all = cloexec ? flags | 0o2000000 : flags;
  for (const [bit, name] of FLAG_BITS) {
    // O_SYNC includes O_DSYNC's bit; name it once.
    if (name === 'O_DSYNC' && (all & 0o4010000) === 0o4010000) continue;
    if ((all & bit) === bit) names.push(name === 'O_SYNC' ? 'O_SYNC' : name);
  }
  return names.join('|');
}
