import type { Credentials, EnvVar } from '../../shared/dto';
import { capNames } from './capabilities';
import { boolField, enumName, field, nums, numField, strField, sub } from './crit-values';
import { isLiveTask, TASK_STATES } from './pstree';
import { seccompModeOf } from './security-process';

export interface CoreFacts {
  comm: string;
  state: string;
  /** Whether memory, files etc. exist for this task (alive or stopped). */
  hasState: boolean;
  credentials: Credentials | null;
}

/** Facts from core-PID.img's first entry (the task's main thread). */
export function coreFacts(entries: readonly unknown[]): CoreFacts {
  const core = entries[0];
  const tc = sub(core, 'tc');
  const threadCore = sub(core, 'thread_core');
  const state = enumName(field(tc, 'task_state'), TASK_STATES) ?? 'unknown';
  const creds = sub(threadCore, 'creds');
  return {
    comm: strField(tc, 'comm') ?? strField(threadCore, 'comm') ?? '',
    state,
    hasState: isLiveTask(state),
    credentials: creds
      ? {
          uid: [numField(creds, 'uid'), numField(creds, 'euid'), numField(creds, 'suid'), numField(creds, 'fsuid')].map(
            (n) => n ?? 0,
          ),
          gid: [numField(creds, 'gid'), numField(creds, 'egid'), numField(creds, 'sgid'), numField(creds, 'fsgid')].map(
            (n) => n ?? 0,
          ),
          groups: nums(field(creds, 'groups')),
          capEffective: capNames(nums(field(creds, 'cap_eff'))),
          capPermitted: capNames(nums(field(creds, 'cap_prm'))),
          capInheritable: capNames(nums(field(creds, 'cap_inh'))),
          capBounding: capNames(nums(field(creds, 'cap_bnd'))),
          noNewPrivs: boolField(creds, 'no_new_privs') || boolField(tc, 'no_new_privs'),
          capAmbient: capNames(nums(field(creds, 'cap_amb'))),
          seccompMode: seccompModeOf(core),
          lsmProfile: strField(creds, 'lsm_profile'),
        }
      : null,
  };
}

/** The address ranges of the argument and environment strings (mm-PID.img). */
export function argEnvRanges(mmEntries: readonly unknown[]): { arg: [number, number]; env: [number, number] } | null {
  const mm = mmEntries[0];
  const a0 = numField(mm, 'mm_arg_start');
  const a1 = numField(mm, 'mm_arg_end');
  const e0 = numField(mm, 'mm_env_start');
  const e1 = numField(mm, 'mm_env_end');
  if (a0 === null || a1 === null || e0 === null || e1 === null) return null;
  return { arg: [a0, Math.max(a0, a1)], env: [e0, Math.max(e0, e1)] };
}

/** NUL-separated strings (argv or envp as laid out in memory). */
export function splitNul(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('utf8');
  const parts = text.split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function parseEnv(strings: readonly string[]): EnvVar[] {
  return strings
    .filter((s) => s.length > 0)
    .map((s) => {
      const at = s.indexOf('=');
      return at < 0 ? { name: s, value: '' } : { name: s.slice(0, at), value: s.slice(at + 1) };
    });
}
