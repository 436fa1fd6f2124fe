import type { ProcessSecurity, SeccompArchView, SeccompChainView, SecurityReport } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { securityOf } from '../../app/security';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';

const USAGE = 'usage: checkpoint-inspector security ARCHIVE [--pid N] [--format text|json] [--listing]';

const list = (items: readonly (string | number)[]) => (items.length === 0 ? 'none' : items.join(' '));

function processText(p: ProcessSecurity): string[] {
  const ns = p.namespaces.map(
    (n) => `${n.type}:${n.id ?? '?'}${n.sharedWithHost ? ' (host)' : ''}${n.spec === null ? '' : ` [spec: ${n.spec}]`}`,
  );
  return [
    `process ${p.pid} (${p.comm})`,
    `  uid (real effective saved fs): ${p.uid?.join(' ') ?? 'not recorded'}`,
    `  gid (real effective saved fs): ${p.gid?.join(' ') ?? 'not recorded'}`,
    `  groups: ${list(p.groups)}`,
    `  effective:   ${list(p.capEffective)}`,
    `  permitted:   ${list(p.capPermitted)}`,
    `  inheritable: ${list(p.capInheritable)}`,
    `  bounding:    ${list(p.capBounding)}`,
    `  ambient:     ${list(p.capAmbient)}`,
    ...(p.capHex
      ? [
          `  CapInh ${p.capHex.inheritable}  CapPrm ${p.capHex.permitted}  CapEff ${p.capHex.effective}  CapBnd ${p.capHex.bounding}  CapAmb ${p.capHex.ambient}`,
        ]
      : []),
    `  no_new_privs: ${p.noNewPrivs ? 'yes' : 'no'}   securebits: ${list(p.secureBits)}`,
    `  seccomp: ${p.seccompMode ?? 'not recorded'}${p.seccompChain === null ? '' : ` (filter chain ${p.seccompChain})`}`,
    `  LSM: ${p.lsmProfile ?? 'none'}${p.lsmSockcreate ? `  sockcreate: ${p.lsmSockcreate}` : ''}`,
    `  namespaces: ${ns.join('  ')}`,
    ...p.cgroups.map((c) => `  cgroup ${c.controllers}: ${c.path}`),
  ];
}

function archText(a: SeccompArchView): string[] {
  const groups = new Map<string, string[]>();
  for (const s of a.syscalls) {
    if (!s.dependsOnArgs && s.action.text === a.commonAction.text) continue;
    const key = s.dependsOnArgs ? `depends on arguments` : s.action.text;
    groups.set(key, [
      ...(groups.get(key) ?? []),
      s.dependsOnArgs ? `${s.name}(${s.possible.map((x) => x.text).join(' | ')})` : s.name,
    ]);
  }
  return [
    `  ${a.arch}: most syscalls ${a.commonAction.text} (${a.counts[a.commonAction.text] ?? 0} of the ${a.syscalls.length} in our table); the others:`,
    ...[...groups].map(([action, names]) => `    ${action} (${names.length}): ${names.join(' ')}`),
  ];
}

function chainText(c: SeccompChainView, listing: boolean): string[] {
  return [
    `seccomp filter chain ${c.top}: ${c.filters.map((f) => `filter ${f.index} (${f.instructions} instructions)`).join(', ')}`,
    ...c.arches.flatMap(archText),
    `  other architectures: ${c.otherArch.text}`,
    ...(listing ? c.listing.map((l) => `  ${l}`) : []),
  ];
}

function reportText(r: SecurityReport, listing: boolean): string {
  const lines: string[] = [`LSM: ${r.lsm ?? 'not recorded'}`, ''];
  for (const p of r.processes) lines.push(...processText(p), '');
  for (const c of r.seccomp) lines.push(...chainText(c, listing), '');
  if (r.spec) {
    const s = r.spec;
    lines.push(
      'spec:',
      ...(s.capabilities
        ? Object.entries(s.capabilities).map(([set, caps]) => `  ${set}: ${list(caps)}`)
        : ['  capabilities: not set']),
      `  noNewPrivileges: ${s.noNewPrivileges ? 'yes' : 'no'}`,
      `  seccomp: ${s.seccomp ?? 'unconfined'}`,
      `  apparmor: ${s.apparmorProfile ?? 'none'}   selinux: ${s.selinuxLabel ?? 'none'}`,
      `  user: ${s.user ? `uid ${s.user.uid} gid ${s.user.gid} groups ${list(s.user.additionalGids)}` : 'not set'}`,
      ...r.pathChecks.map((c) => `  ${c.kind} ${c.path}: ${c.seen}`),
      '',
      `differences between the spec and what CRIU saw: ${r.differences.length === 0 ? 'none' : ''}`,
      ...r.differences.map((d) => `  ! ${d.area}${d.pid === null ? '' : ` (pid ${d.pid})`}: ${d.message}`),
      '',
    );
  } else lines.push('spec: no spec.dump in this archive', '');
  if (r.apparmorPolicies.length > 0) lines.push(`AppArmor policies saved: ${r.apparmorPolicies.join(', ')}`, '');
  for (const f of r.firewall)
    lines.push(
      `${f.member} (${f.kind}${f.truncated ? ', first part' : ''}):`,
      ...f.text.split('\n').map((l) => `  ${l}`),
    );
  return `${lines.map((l) => terminalSafe(l)).join('\n')}\n`;
}

/** `security`: credentials, capabilities, seccomp (decoded), namespaces, cgroups, LSM, the spec beside them. */
export const securityCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        format: { type: 'string', short: 'o', default: 'text' },
        pid: { type: 'string', short: 'p' },
        listing: { type: 'boolean' },
      },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'text' && format !== 'json') throw new CliUsageError(`--format is text or json\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    const pid = values.pid === undefined ? null : Number(values.pid);
    if (pid !== null && (!Number.isSafeInteger(pid) || pid < 1))
      throw new CliUsageError(`--pid is a process id\n${USAGE}`);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const report = await securityOf(s, pid);
      await write(format === 'json' ? `${jsonText(report, 2)}\n` : reportText(report, values.listing === true));
      const log = new ProblemLog();
      log.add(report.problems);
      log.report(s.path);
      return log.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
