import type { SeccompAction, SeccompActionKind } from '../../../shared/dto';

/** SECCOMP_RET_* action values (include/uapi/linux/seccomp.h), the top 16 bits of a filter's return. */
const ACTIONS: readonly [number, SeccompActionKind, string][] = [
  [0x80000000, 'kill_process', 'kill process'],
  [0x00000000, 'kill_thread', 'kill thread'],
  [0x00030000, 'trap', 'trap'],
  [0x00050000, 'errno', 'errno'],
  [0x7fc00000, 'user_notif', 'user notify'],
  [0x7ff00000, 'trace', 'trace'],
  [0x7ffc0000, 'log', 'log'],
  [0x7fff0000, 'allow', 'allow'],
];

/** Errno names for the values seccomp profiles use (asm-generic/errno-base.h and ENOSYS). */
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: 'EPERM',
  2: 'ENOENT',
  3: 'ESRCH',
  13: 'EACCES',
  22: 'EINVAL',
  38: 'ENOSYS',
  95: 'EOPNOTSUPP',
};

/** The kernel caps SECCOMP_RET_ERRNO's data at MAX_ERRNO. */
const MAX_ERRNO = 4095;

/** Signed SECCOMP_RET_ACTION_FULL: the kernel keeps the lowest of the chain's answers (kill first, allow last). */
export function precedence(ret: number): number {
  return (ret & 0xffff0000) | 0;
}

/** A filter's return value as an action; an action value the kernel does not know kills the process. */
export function actionOf(ret: number | null): SeccompAction {
  if (ret === null) return { kind: 'unknown', data: null, text: 'computed from the arguments' };
  const full = (ret & 0xffff0000) >>> 0;
  const data = ret & 0xffff;
  const known = ACTIONS.find(([value]) => value === full);
  if (!known) return { kind: 'kill_process', data: null, text: `kill process (unknown action 0x${full.toString(16)})` };
  const [, kind, name] = known;
  if (kind === 'errno') {
    const errno = Math.min(data, MAX_ERRNO);
    const label = ERRNO_NAMES[errno];
    return { kind, data: errno, text: label ? `errno ${errno} (${label})` : `errno ${errno}` };
  }
  if (kind === 'trap' || kind === 'trace' || kind === 'user_notif')
    return { kind, data, text: data === 0 ? name : `${name} ${data}` };
  return { kind, data: null, text: name };
}
