import type { ProblemInfo } from './archive';

/** What a seccomp filter returns for a syscall (SECCOMP_RET_*), by name. */
export type SeccompActionKind =
  | 'allow'
  | 'errno'
  | 'trap'
  | 'kill_process'
  | 'kill_thread'
  | 'log'
  | 'trace'
  | 'user_notif'
  /** The filter returned a value computed from the syscall's arguments, or ran past its step budget. */
  | 'unknown';

export interface SeccompAction {
  kind: SeccompActionKind;
  /** SECCOMP_RET_DATA: the errno, trap or trace value; null for allow, kill and log. */
  data: number | null;
  /** For people: "allow", "errno 1 (EPERM)", "kill process". */
  text: string;
}

export interface SeccompSyscallVerdict {
  nr: number;
  /** From our syscall table of the architecture; `#nr` when the table has no name for it. */
  name: string;
  /** The action, or, when it depends on the arguments, the strictest of those it can give. */
  action: SeccompAction;
  /** The filter looked at the arguments (or the instruction pointer) and can answer differently. */
  dependsOnArgs: boolean;
  /** Every action it can give (one unless dependsOnArgs). */
  possible: SeccompAction[];
}

export interface SeccompArchView {
  arch: 'x86_64' | 'i386' | 'aarch64';
  /** AUDIT_ARCH_* as seccomp_data.arch carries it. */
  auditArch: number;
  /**
   * The action most syscalls of our table get. Not necessarily the profile's
   * default: containerd's RuntimeDefault allows most syscalls and denies the rest.
   */
  commonAction: SeccompAction;
  /** Every syscall of our table, by number. */
  syscalls: SeccompSyscallVerdict[];
  /** Syscalls per action text (allow, errno 1 (EPERM), ...). */
  counts: Record<string, number>;
}

export interface SeccompFilterInfo {
  /** Position in seccomp.img. */
  index: number;
  instructions: number;
  /** seccomp.img's prev: the filter installed before this one. */
  prev: number | null;
  flags: number | null;
}

/** One filter chain (seccomp.img positions, newest first), decoded for each architecture. */
export interface SeccompChainView {
  /** Position of its newest filter in seccomp.img: what thread_core.seccomp_filter names. */
  top: number;
  filters: SeccompFilterInfo[];
  arches: SeccompArchView[];
  /** What a syscall from any other architecture gets (seccomp_data.arch not one of ours). */
  otherArch: SeccompAction;
  /** The filters as text (one instruction per line), bounded. */
  listing: string[];
}

export interface NamespaceInfo {
  /** pid, net, ipc, uts, mnt, user, cgroup, time. */
  type: string;
  /** CRIU's namespace id (ids-PID.img); null when not recorded. */
  id: number | null;
  /** CRIU's own namespace has the same id (inventory root_ids): the process shares it with the host; null when not recorded. */
  sharedWithHost: boolean | null;
  /** From the spec: 'own' (made for the container), 'joined PATH' (e.g. the pod's), 'host' (not in the spec's list); null without a spec. */
  spec: string | null;
}

export interface ProcessSecurity {
  pid: number;
  comm: string;
  /** Real, effective, saved, fs. */
  uid: number[] | null;
  gid: number[] | null;
  groups: number[];
  capEffective: string[];
  capPermitted: string[];
  capInheritable: string[];
  capBounding: string[];
  capAmbient: string[];
  /** The raw sets as /proc/PID/status shows them (CapEff etc.: 16 hex digits). */
  capHex: { effective: string; permitted: string; inheritable: string; bounding: string; ambient: string } | null;
  noNewPrivs: boolean;
  /** SECBIT_* names (securebits), unknown bits by number. */
  secureBits: string[];
  /** 'disabled', 'strict', 'filter', or null when not recorded. */
  seccompMode: string | null;
  /** Position of the newest filter of its chain (a SecurityReport.seccomp entry's top). */
  seccompChain: number | null;
  lsmProfile: string | null;
  lsmSockcreate: string | null;
  namespaces: NamespaceInfo[];
  /** controller(s) -> path, from cgroup.img's set of this task. */
  cgroups: { controllers: string; path: string }[];
}

export interface SpecSecurity {
  capabilities: Record<'effective' | 'permitted' | 'inheritable' | 'bounding' | 'ambient', string[]> | null;
  noNewPrivileges: boolean;
  /** "RuntimeDefault", "SCMP_ACT_ERRNO (300 rules)", or null for none. */
  seccomp: string | null;
  seccompDefaultAction: string | null;
  apparmorProfile: string | null;
  selinuxLabel: string | null;
  user: { uid: number; gid: number; additionalGids: number[] } | null;
  maskedPaths: string[];
  readonlyPaths: string[];
}

/** One difference between what the spec asked for and what CRIU saw. */
export interface SecurityDifference {
  /** 'capabilities', 'seccomp', 'no_new_privs', 'user', 'apparmor', 'selinux', 'masked', 'readonly'. */
  area: string;
  pid: number | null;
  message: string;
}

/** A masked or read-only path of the spec, and what CRIU's mount table of the container's init shows there. */
export interface PathCheck {
  path: string;
  kind: 'masked' | 'readonly';
  /** 'mounted read-only', 'mounted writable', 'not mounted' (runc skips paths the image lacks). */
  seen: string;
}

export interface FirewallDump {
  /** checkpoint/iptables-N.img etc. */
  member: string;
  kind: 'iptables' | 'ip6tables' | 'nftables';
  text: string;
  truncated: boolean;
}

export interface SecurityReport {
  /** From inventory.img: none, selinux, apparmor; null when not recorded. */
  lsm: string | null;
  processes: ProcessSecurity[];
  seccomp: SeccompChainView[];
  spec: SpecSecurity | null;
  differences: SecurityDifference[];
  pathChecks: PathCheck[];
  /** AppArmor policies CRIU saved (apparmor.img): namespace/name. */
  apparmorPolicies: string[];
  firewall: FirewallDump[];
  problems: ProblemInfo[];
}
