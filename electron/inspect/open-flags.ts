import { O_CLOEXEC, OPEN_FLAGS } from '../criu/open-flags';

/** Every flag but the access mode (O_RDONLY, O_WRONLY, O_RDWR), named below from the low two bits. */
const FLAG_BITS = OPEN_FLAGS.filter(([name]) => name !== 'O_WRONLY' && name !== 'O_RDWR');

/** open(2) flags as names, e.g. "O_WRONLY|O_APPEND|O_CLOEXEC". `cloexec` is the fd's FD_CLOEXEC. */
export function openFlagNames(flags: number, cloexec = false): string {
  const names: string[] = [['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'][flags & 3] as string];
  const all = cloexec ? flags | O_CLOEXEC : flags;
  for (const [name, bit] of FLAG_BITS) {
    // O_SYNC includes O_DSYNC's bit; name it once.
    if (name === 'O_DSYNC' && (all & 0o4010000) === 0o4010000) continue;
    if ((all & bit) === bit) names.push(name);
  }
  return names.join('|');
}
