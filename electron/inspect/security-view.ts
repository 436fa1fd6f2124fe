// The security context of an archive: per process (credentials, capability
// sets, securebits, seccomp with its decoded filter chain, namespaces,
// cgroups, LSM labels), the container's spec beside it with the differences,
// and the firewall dumps of its network namespaces. One model for every host
// and the report.
import type { PathCheck, ProblemInfo, ProcessSecurity, SecurityReport, SeccompChainView } from '../../shared/dto';
import { arr, enumName, field, flagsValue, isEntry, strField, sub } from './crit-values';
import { problemOf } from './process-images';
import { limitText, MAX_LISTED_PROBLEMS } from './limits';
import { type ChainCache, decodeChain, imageFilters } from './seccomp/decode-chain';
import { securityDifferences } from './security-compare';
import { cgroupSets, processSecurity } from './security-process';
import { specNamespaces, specSecurity, specSyscallActions, specSyscallNames } from './security-spec';
import type { InspectSession } from './session';

/** Bytes of each firewall dump shown (iptables-save / nft output is text). */
const MAX_FIREWALL_BYTES = 64 * 1024;

/** decodeImage pages at most this many entries: enough for every one-entry image read here. */
const PAGE = 1000;

const FIREWALL_MEMBER = /^checkpoint\/(iptables|ip6tables|nftables)-\d+\.img$/;
const LSM_TYPES: Readonly<Record<number, string>> = { 0: 'NO_LSM', 1: 'SELINUX', 2: 'APPARMOR' };
const LSM_NAMES: Readonly<Record<string, string>> = { NO_LSM: 'none', SELINUX: 'selinux', APPARMOR: 'apparmor' };
const MS_RDONLY = 1;

type Reader = (name: string) => Promise<unknown[] | null>;

/** Entries of a checkpoint image, null when the archive has none by that name; a decode failure is a problem. */
function imageReader(session: InspectSession, problems: ProblemInfo[]): Reader {
  const names = new Set(session.members().map((m) => m.name));
  return async (name) => {
    const member = `checkpoint/${name}`;
    if (!names.has(member)) return null;
    try {
      const page = await session.decodeImage(member, 0, PAGE);
      if (page.error) {
        problems.push(page.error);
        return null;
      }
      return page.entries;
    } catch (error) {
      problems.push(problemOf(error, member));
      return null;
    }
  };
}

function apparmorPolicies(entries: readonly unknown[] | null): string[] {
  const out: string[] = [];
  const walk = (ns: unknown, prefix: string) => {
    const name = `${prefix}${strField(ns, 'name') ?? '?'}`;
    for (const p of arr(field(ns, 'policies')).filter(isEntry)) out.push(`${name}/${strField(p, 'name') ?? '?'}`);
    for (const child of arr(field(ns, 'namespaces'))) walk(child, `${name}/`);
  };
  for (const e of entries ?? []) for (const ns of arr(field(e, 'namespaces'))) walk(ns, '');
  return out;
}

async function firewallDumps(session: InspectSession, problems: ProblemInfo[]): Promise<SecurityReport['firewall']> {
  const out: SecurityReport['firewall'] = [];
  for (const m of session.members()) {
    const kind = FIREWALL_MEMBER.exec(m.name)?.[1] as 'iptables' | 'ip6tables' | 'nftables' | undefined;
    if (!kind) continue;
    try {
      const read = await session.readMember(m.name, 0, Math.min(m.size, MAX_FIREWALL_BYTES));
      out.push({ member: m.name, kind, text: read.data.toString('utf8'), truncated: m.size > MAX_FIREWALL_BYTES });
    } catch (error) {
      problems.push(problemOf(error, m.name));
    }
  }
  return out;
}

/** The spec's masked and read-only paths against the mount table of the init's mount namespace. */
function pathChecks(spec: SecurityReport['spec'], mounts: readonly unknown[] | null): PathCheck[] {
  if (!spec || !mounts) return [];
  const byPath = new Map<string, unknown>();
  for (const m of mounts) {
    const at = (strField(m, 'mountpoint') ?? '').replace(/^\.(?=\/)/, '');
    if (at) byPath.set(at, m);
  }
  const check = (path: string, kind: PathCheck['kind']): PathCheck => {
    const m = byPath.get(path);
    if (m === undefined) return { path, kind, seen: 'not mounted' };
    const ro = (flagsValue(field(m, 'flags'), []) & MS_RDONLY) !== 0;
    return { path, kind, seen: ro ? 'mounted read-only' : 'mounted writable' };
  };
  return [...spec.maskedPaths.map((p) => check(p, 'masked')), ...spec.readonlyPaths.map((p) => check(p, 'readonly'))];
}

/** The whole security report of an archive; every part that could not be read is in its problems. */
export async function securityReport(session: InspectSession): Promise<SecurityReport> {
  const problems: ProblemInfo[] = [];
  const read = imageReader(session, problems);
  const [processView, spec, inventory, cgroup, seccomp, apparmor] = await Promise.all([
    session.processView(),
    session.spec().catch((error: unknown) => {
      problems.push(problemOf(error, 'spec.dump'));
      return null;
    }),
    read('inventory.img'),
    read('cgroup.img'),
    read('seccomp.img'),
    read('apparmor.img'),
  ]);
  // The process list's own problems (a hostile pstree gives thousands) are the
  // Processes view's: the first few are repeated here, the rest counted.
  problems.push(...processView.problems.slice(0, MAX_LISTED_PROBLEMS));
  if (processView.problems.length > MAX_LISTED_PROBLEMS)
    problems.push({
      where: 'checkpoint/pstree.img',
      code: 'LIMIT_EXCEEDED',
      message: `${processView.problems.length - MAX_LISTED_PROBLEMS} more problems of the process list not listed here (${limitText('MAX_LISTED_PROBLEMS')}); the Processes view lists them`,
    });
  const inv = inventory?.[0];
  const lsmValue = field(inv, 'lsmtype');
  const lsmName = lsmValue === undefined ? null : (enumName(lsmValue, LSM_TYPES) ?? JSON.stringify(lsmValue));
  const lsm = lsmName === null ? null : (LSM_NAMES[lsmName] ?? lsmName);
  const rootIds = sub(inv, 'root_ids');
  const cgroups = cgroupSets(cgroup ?? []);
  const nsFromSpec = spec === null ? null : specNamespaces(spec);

  const processes: ProcessSecurity[] = [];
  for (const p of processView.rows) {
    const core = await read(`core-${p.pid}.img`);
    if (!core) continue;
    const ids = (await read(`ids-${p.pid}.img`)) ?? [];
    processes.push(
      processSecurity({ pid: p.pid, comm: p.comm, core, ids, rootIds, cgroups, specNamespaces: nsFromSpec }),
    );
  }

  const filters = imageFilters(seccomp ?? []);
  const chains: SeccompChainView[] = [];
  const decodedChains: ChainCache = new Map();
  for (const top of new Set(processes.map((p) => p.seccompChain).filter((t): t is number => t !== null))) {
    const decoded = decodeChain(filters, top, decodedChains);
    chains.push(decoded.view);
    for (const message of decoded.problems)
      problems.push({ where: 'checkpoint/seccomp.img', code: 'IMAGE_CORRUPT', message });
  }

  const pids = new Set(processes.map((p) => p.pid));
  const rootRow = processView.rows.find((p) => pids.has(p.pid) && !pids.has(p.ppid));
  const init = processes.find((p) => p.pid === rootRow?.pid) ?? processes[0] ?? null;
  const specView = spec === null ? null : specSecurity(spec);
  const mntNs = init?.namespaces.find((n) => n.type === 'mnt')?.id;
  const mounts = mntNs === undefined || mntNs === null ? null : await read(`mountpoints-${mntNs}.img`);
  const checks = pathChecks(specView, mounts);
  const differences =
    specView && init
      ? securityDifferences({
          spec: specView,
          specActions: specSyscallActions(spec),
          specNames: specSyscallNames(spec),
          init,
          processes,
          chains,
          lsm,
          pathChecks: checks,
        })
      : [];

  return {
    lsm,
    processes,
    seccomp: chains,
    spec: specView,
    differences,
    pathChecks: checks,
    apparmorPolicies: apparmorPolicies(apparmor),
    firewall: await firewallDumps(session, problems),
    problems,
  };
}

/**
 * The report's copy: each architecture keeps only the syscalls that do not
 * get its most common action (with the counts), and no listing, so that a
 * report stays small; every other value is the same as the app's.
 */
export function compactSecurity(r: SecurityReport): SecurityReport {
  return {
    ...r,
    seccomp: r.seccomp.map((c) => ({
      ...c,
      listing: [],
      arches: c.arches.map((a) => ({
        ...a,
        syscalls: a.syscalls.filter((s) => s.dependsOnArgs || s.action.text !== a.commonAction.text),
      })),
    })),
  };
}
