import type { NamespaceInfo, ProcessSecurity } from '../../shared/dto';
import { capNames } from './capabilities';
import { arr, bitNames, boolField, enumName, field, isEntry, nums, numField, strField, sub } from './crit-values';
import { NAMESPACE_KINDS } from './security-spec';

const SECCOMP_MODES: Readonly<Record<number, string>> = { 0: 'disabled', 1: 'strict', 2: 'filter' };

/** SECBIT_* (include/uapi/linux/securebits.h). */
const SECURE_BITS: readonly [number, string][] = [
  [1 << 0, 'SECBIT_NOROOT'],
  [1 << 1, 'SECBIT_NOROOT_LOCKED'],
  [1 << 2, 'SECBIT_NO_SETUID_FIXUP'],
  [1 << 3, 'SECBIT_NO_SETUID_FIXUP_LOCKED'],
  [1 << 4, 'SECBIT_KEEP_CAPS'],
  [1 << 5, 'SECBIT_KEEP_CAPS_LOCKED'],
  [1 << 6, 'SECBIT_NO_CAP_AMBIENT_RAISE'],
  [1 << 7, 'SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED'],
];

/**
 * The task's seccomp mode: disabled, strict or filter. CRIU writes the mode
 * only when it is not disabled, so a core without one ran unconfined; null
 * only when the core has neither thread_core nor tc.
 */
export function seccompModeOf(core: unknown): string | null {
  const tc = sub(core, 'tc');
  const threadCore = sub(core, 'thread_core');
  const seccomp = field(threadCore, 'seccomp_mode') ?? field(tc, 'old_seccomp_mode');
  if (seccomp !== undefined) return enumName(seccomp, SECCOMP_MODES);
  return threadCore || tc ? 'disabled' : null;
}

/** A cap set's 32-bit words (lowest first) as /proc/PID/status prints it: 16 hex digits. */
export function capHex(words: readonly number[]): string {
  const lo = BigInt((words[0] ?? 0) >>> 0);
  const hi = BigInt((words[1] ?? 0) >>> 0);
  return ((hi << 32n) | lo).toString(16).padStart(16, '0');
}

/** cgroup.img's sets: id -> [controllers, path]. */
export function cgroupSets(entries: readonly unknown[]): Map<number, { controllers: string; path: string }[]> {
  const out = new Map<number, { controllers: string; path: string }[]>();
  for (const set of arr(entries.find(isEntry)?.['sets']).filter(isEntry)) {
    const id = numField(set, 'id');
    if (id === null) continue;
    out.set(
      id,
      arr(set['ctls'])
        .filter(isEntry)
        .map((c) => ({ controllers: strField(c, 'name') || '(unified)', path: strField(c, 'path') ?? '' }))
        // One line per path: v1 hierarchies usually put every controller at the same one.
        .reduce<{ controllers: string; path: string }[]>((acc, c) => {
          const same = acc.find((x) => x.path === c.path);
          if (same) same.controllers += `,${c.controllers}`;
          else acc.push({ ...c });
          return acc;
        }, []),
    );
  }
  return out;
}

export interface ProcessInputs {
  pid: number;
  comm: string;
  /** core-PID.img entries. */
  core: readonly unknown[];
  /** ids-PID.img entries (empty when missing). */
  ids: readonly unknown[];
  /** inventory.img root_ids: CRIU's own namespaces. */
  rootIds: unknown;
  cgroups: ReadonlyMap<number, { controllers: string; path: string }[]>;
  specNamespaces: ReadonlyMap<string, string> | null;
}

function namespaces(ids: unknown, rootIds: unknown, spec: ReadonlyMap<string, string> | null): NamespaceInfo[] {
  return NAMESPACE_KINDS.map(({ criu }) => {
    const id = numField(ids, `${criu}_ns_id`);
    const hostId = numField(rootIds, `${criu}_ns_id`);
    return {
      type: criu,
      id,
      sharedWithHost: id === null || hostId === null ? null : id === hostId,
      spec: spec?.get(criu) ?? null,
    };
  });
}

/** The security context of one task from its core (main thread), ids and cgroup set. */
export function processSecurity(input: ProcessInputs): ProcessSecurity {
  const core = input.core[0];
  const tc = sub(core, 'tc');
  const threadCore = sub(core, 'thread_core');
  const creds = sub(threadCore, 'creds');
  const words = (name: string) => nums(field(creds, name));
  const mode = seccompModeOf(core);
  const chain = numField(threadCore, 'seccomp_filter') ?? numField(tc, 'old_seccomp_filter');
  const cgSet = numField(tc, 'cg_set') ?? numField(threadCore, 'cg_set');
  const four = (a: string, b: string, c: string, d: string) =>
    creds ? [a, b, c, d].map((n) => numField(creds, n) ?? 0) : null;
  return {
    pid: input.pid,
    comm: input.comm,
    uid: four('uid', 'euid', 'suid', 'fsuid'),
    gid: four('gid', 'egid', 'sgid', 'fsgid'),
    groups: nums(field(creds, 'groups')),
    capEffective: capNames(words('cap_eff')),
    capPermitted: capNames(words('cap_prm')),
    capInheritable: capNames(words('cap_inh')),
    capBounding: capNames(words('cap_bnd')),
    capAmbient: capNames(words('cap_amb')),
    capHex: creds
      ? {
          effective: capHex(words('cap_eff')),
          permitted: capHex(words('cap_prm')),
          inheritable: capHex(words('cap_inh')),
          bounding: capHex(words('cap_bnd')),
          ambient: capHex(words('cap_amb')),
        }
      : null,
    noNewPrivs: boolField(creds, 'no_new_privs') || boolField(tc, 'no_new_privs'),
    secureBits: bitNames(numField(creds, 'secbits') ?? 0, SECURE_BITS),
    seccompMode: mode,
    seccompChain: mode === 'filter' ? chain : null,
    lsmProfile: strField(creds, 'lsm_profile'),
    lsmSockcreate: strField(creds, 'lsm_sockcreate'),
    namespaces: namespaces(input.ids[0], input.rootIds, input.specNamespaces),
    cgroups: cgSet === null ? [] : (input.cgroups.get(cgSet) ?? []),
  };
}
