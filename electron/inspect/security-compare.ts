import type { PathCheck, ProcessSecurity, SeccompChainView, SecurityDifference, SpecSecurity } from '../../shared/dto';

/** Seccomp rule differences listed one by one before the rest are counted in one line. */
const MAX_SYSCALL_DIFFERENCES = 40;

type CapSet = keyof NonNullable<SpecSecurity['capabilities']>;

const HELD: Readonly<Record<CapSet, (p: ProcessSecurity) => string[]>> = {
  effective: (p) => p.capEffective,
  permitted: (p) => p.capPermitted,
  inheritable: (p) => p.capInheritable,
  bounding: (p) => p.capBounding,
  ambient: (p) => p.capAmbient,
};

/** What a spec seccomp action (SCMP_ACT_*) is in our action kinds. */
function specActionKind(action: string): string | null {
  const a = action.toUpperCase();
  if (a === 'SCMP_ACT_ALLOW') return 'allow';
  if (a === 'SCMP_ACT_ERRNO') return 'errno';
  if (a === 'SCMP_ACT_TRAP') return 'trap';
  if (a === 'SCMP_ACT_LOG') return 'log';
  if (a === 'SCMP_ACT_TRACE') return 'trace';
  if (a === 'SCMP_ACT_NOTIFY') return 'user_notif';
  if (a === 'SCMP_ACT_KILL' || a === 'SCMP_ACT_KILL_THREAD') return 'kill_thread';
  if (a === 'SCMP_ACT_KILL_PROCESS') return 'kill_process';
  return null;
}

function capabilityDifferences(spec: SpecSecurity, init: ProcessSecurity, all: readonly ProcessSecurity[]) {
  const out: SecurityDifference[] = [];
  if (!spec.capabilities) return out;
  for (const set of Object.keys(HELD) as CapSet[]) {
    const wanted = new Set(spec.capabilities[set]);
    const held = new Set(HELD[set](init));
    for (const cap of wanted)
      if (!held.has(cap))
        out.push({ area: 'capabilities', pid: init.pid, message: `${set}: ${cap} is in the spec but not held` });
    for (const cap of held)
      if (!wanted.has(cap))
        out.push({ area: 'capabilities', pid: init.pid, message: `${set}: ${cap} is held but not in the spec` });
  }
  // No process of the container can hold a capability outside the bounding set it started with.
  const bounding = new Set(spec.capabilities.bounding);
  for (const p of all) {
    if (p === init) continue;
    const extra = p.capBounding.filter((c) => !bounding.has(c));
    if (extra.length > 0)
      out.push({
        area: 'capabilities',
        pid: p.pid,
        message: `bounding: ${extra.join(', ')} held but not in the spec's bounding set`,
      });
  }
  return out;
}

function seccompDifferences(
  spec: SpecSecurity,
  specActions: ReadonlyMap<string, string>,
  specNames: ReadonlySet<string>,
  init: ProcessSecurity,
  chains: readonly SeccompChainView[],
): SecurityDifference[] {
  const out: SecurityDifference[] = [];
  const d = (message: string) => out.push({ area: 'seccomp', pid: init.pid, message });
  if (spec.seccomp && init.seccompMode !== 'filter') {
    d(`the spec asks for seccomp (${spec.seccomp}) but the process runs with mode ${init.seccompMode ?? 'unrecorded'}`);
    return out;
  }
  if (!spec.seccomp) {
    if (init.seccompMode === 'filter' || init.seccompMode === 'strict')
      d(`the spec has no seccomp profile but the process runs with mode ${init.seccompMode}`);
    return out;
  }
  const native = chains.find((c) => c.top === init.seccompChain)?.arches[0];
  if (!native) return out;
  const wantedDefault = spec.seccompDefaultAction ? specActionKind(spec.seccompDefaultAction) : null;
  const rules: string[] = [];
  // Syscalls the spec names in no rule get its default action.
  if (wantedDefault)
    for (const s of native.syscalls)
      if (!specNames.has(s.name) && (s.dependsOnArgs || s.action.kind !== wantedDefault))
        rules.push(
          `${s.name}: not in the spec's rules (default ${spec.seccompDefaultAction}), ${s.dependsOnArgs ? 'depends on arguments' : s.action.text} in the filter (${native.arch})`,
        );
  const byName = new Map(native.syscalls.map((s) => [s.name, s]));
  for (const [name, action] of specActions) {
    const got = byName.get(name);
    const kind = specActionKind(action);
    if (!got || !kind || got.dependsOnArgs || got.action.kind === kind) continue;
    rules.push(`${name}: ${action} in the spec, ${got.action.text} in the filter (${native.arch})`);
  }
  for (const message of rules.slice(0, MAX_SYSCALL_DIFFERENCES)) d(message);
  if (rules.length > MAX_SYSCALL_DIFFERENCES)
    d(`${rules.length - MAX_SYSCALL_DIFFERENCES} more syscalls differ from the spec's rules`);
  return out;
}

function labelDifferences(spec: SpecSecurity, init: ProcessSecurity, lsm: string | null): SecurityDifference[] {
  const out: SecurityDifference[] = [];
  const profile = init.lsmProfile;
  if (spec.apparmorProfile && lsm === 'apparmor' && !(profile ?? '').startsWith(spec.apparmorProfile))
    out.push({
      area: 'apparmor',
      pid: init.pid,
      message: `the spec asks for AppArmor profile ${spec.apparmorProfile}, the process has ${profile ?? 'none'}`,
    });
  if (spec.selinuxLabel && lsm === 'selinux' && profile !== spec.selinuxLabel)
    out.push({
      area: 'selinux',
      pid: init.pid,
      message: `the spec asks for SELinux label ${spec.selinuxLabel}, the process has ${profile ?? 'none'}`,
    });
  return out;
}

function userDifferences(spec: SpecSecurity, init: ProcessSecurity): SecurityDifference[] {
  const out: SecurityDifference[] = [];
  const { uid, gid } = init;
  if (!spec.user || !uid || !gid) return out;
  const d = (message: string) => out.push({ area: 'user', pid: init.pid, message });
  if (uid[0] !== spec.user.uid) d(`the spec's uid is ${spec.user.uid}, the process runs as ${uid[0]}`);
  if (gid[0] !== spec.user.gid) d(`the spec's gid is ${spec.user.gid}, the process runs as ${gid[0]}`);
  const groups = new Set(init.groups);
  const missing = spec.user.additionalGids.filter((g) => !groups.has(g) && g !== gid[0]);
  if (missing.length > 0) d(`groups ${missing.join(', ')} are in the spec but not held`);
  return out;
}

export interface CompareInputs {
  spec: SpecSecurity;
  specActions: ReadonlyMap<string, string>;
  /** Every syscall name the spec's rules mention. */
  specNames: ReadonlySet<string>;
  init: ProcessSecurity;
  processes: readonly ProcessSecurity[];
  chains: readonly SeccompChainView[];
  lsm: string | null;
  pathChecks: readonly PathCheck[];
}

/** Where what CRIU saw differs from what the spec asked for. */
export function securityDifferences(input: CompareInputs): SecurityDifference[] {
  const { spec, init } = input;
  const out = [
    ...capabilityDifferences(spec, init, input.processes),
    ...seccompDifferences(spec, input.specActions, input.specNames, init, input.chains),
    ...labelDifferences(spec, init, input.lsm),
    ...userDifferences(spec, init),
  ];
  if (spec.noNewPrivileges !== init.noNewPrivs)
    out.push({
      area: 'no_new_privs',
      pid: init.pid,
      message: spec.noNewPrivileges
        ? 'the spec sets noNewPrivileges but the process has no_new_privs off'
        : 'the process has no_new_privs on though the spec does not ask for it',
    });
  for (const c of input.pathChecks)
    if (c.kind === 'readonly' && c.seen === 'mounted writable')
      out.push({ area: 'readonly', pid: init.pid, message: `${c.path} is read-only in the spec but mounted writable` });
  return out;
}
