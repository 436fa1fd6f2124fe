import type { SpecSecurity } from '../../shared/dto';
import { normaliseCap } from './capabilities';
import { arr, field, isEntry, num, str, strField, sub } from './crit-values';

const CAP_SETS = ['effective', 'permitted', 'inheritable', 'bounding', 'ambient'] as const;

/** CRIU's namespace names (ids-PID.img *_ns_id) and the OCI spec's. */
export const NAMESPACE_KINDS: readonly { criu: string; oci: string }[] = [
  { criu: 'pid', oci: 'pid' },
  { criu: 'net', oci: 'network' },
  { criu: 'ipc', oci: 'ipc' },
  { criu: 'uts', oci: 'uts' },
  { criu: 'mnt', oci: 'mount' },
  { criu: 'user', oci: 'user' },
  { criu: 'cgroup', oci: 'cgroup' },
  { criu: 'time', oci: 'time' },
];

function strings(value: unknown): string[] {
  return arr(value)
    .map(str)
    .filter((s): s is string => s !== null);
}

/** The seccomp profile's name (the CRI annotation) or its default action and size. */
export function seccompProfileName(spec: unknown): string | null {
  const seccomp = sub(sub(spec, 'linux'), 'seccomp');
  if (!seccomp) return null;
  const annotations = sub(spec, 'annotations');
  return (
    strField(annotations, 'io.kubernetes.cri.seccomp-profile') ??
    strField(annotations, 'seccomp.security.alpha.kubernetes.io/pod') ??
    `${strField(seccomp, 'defaultAction') ?? 'custom'} (${arr(seccomp['syscalls']).length} rules)`
  );
}

/** What the spec asks for: capability sets, no_new_privs, seccomp, LSM labels, user, masked/read-only paths. */
export function specSecurity(spec: unknown): SpecSecurity {
  const proc = sub(spec, 'process');
  const linux = sub(spec, 'linux');
  const caps = sub(proc, 'capabilities');
  const user = sub(proc, 'user');
  const uid = num(field(user, 'uid'));
  return {
    capabilities: caps
      ? (Object.fromEntries(CAP_SETS.map((k) => [k, strings(field(caps, k)).map(normaliseCap)])) as Record<
          (typeof CAP_SETS)[number],
          string[]
        >)
      : null,
    noNewPrivileges: field(proc, 'noNewPrivileges') === true,
    seccomp: seccompProfileName(spec),
    seccompDefaultAction: strField(sub(linux, 'seccomp'), 'defaultAction'),
    apparmorProfile: strField(proc, 'apparmorProfile'),
    selinuxLabel: strField(proc, 'selinuxLabel'),
    user: user
      ? {
          uid: uid ?? 0,
          gid: num(field(user, 'gid')) ?? 0,
          additionalGids: arr(field(user, 'additionalGids'))
            .map(num)
            .filter((n): n is number => n !== null),
        }
      : null,
    maskedPaths: strings(field(linux, 'maskedPaths')),
    readonlyPaths: strings(field(linux, 'readonlyPaths')),
  };
}

/** Per CRIU namespace name: 'own', 'joined PATH' or 'host', as the spec's linux.namespaces says. */
export function specNamespaces(spec: unknown): Map<string, string> | null {
  const linux = sub(spec, 'linux');
  if (!linux) return null;
  const list = arr(field(linux, 'namespaces')).filter(isEntry);
  const out = new Map<string, string>();
  for (const { criu, oci } of NAMESPACE_KINDS) {
    const entry = list.find((n) => strField(n, 'type') === oci);
    const path = strField(entry, 'path');
    out.set(criu, !entry ? 'host' : path ? `joined ${path}` : 'own');
  }
  return out;
}

/** Every syscall name the spec's seccomp rules mention (with or without argument conditions). */
export function specSyscallNames(spec: unknown): Set<string> {
  const rules = arr(field(sub(sub(spec, 'linux'), 'seccomp'), 'syscalls')).filter(isEntry);
  return new Set(rules.flatMap((r) => strings(r['names'])));
}

/** The spec's seccomp rules without argument conditions: syscall name -> action (SCMP_ACT_*). */
export function specSyscallActions(spec: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of arr(field(sub(sub(spec, 'linux'), 'seccomp'), 'syscalls')).filter(isEntry)) {
    const action = strField(rule, 'action');
    if (!action || arr(rule['args']).length > 0) continue;
    for (const name of strings(rule['names'])) if (!out.has(name)) out.set(name, action);
  }
  return out;
}
