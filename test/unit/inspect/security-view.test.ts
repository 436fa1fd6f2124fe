import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityOf } from '../../../electron/app/security';
import { openArchive } from '../../../electron/inspect/open-archive';
import { renderReportHtml } from '../../../electron/inspect/report/report-html';
import { buildReport } from '../../../electron/inspect/report/report-model';
import { securityDifferences } from '../../../electron/inspect/security-compare';
import { compactSecurity } from '../../../electron/inspect/security-view';
import { capHex, processSecurity, seccompModeOf } from '../../../electron/inspect/security-process';
import {
  specNamespaces,
  specSecurity,
  specSyscallActions,
  specSyscallNames,
} from '../../../electron/inspect/security-spec';
import type { InspectSession } from '../../../electron/inspect/session';
import type { ProcessSecurity, SeccompChainView } from '../../../shared/dto';

const DEFAULT_CAPS = ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];

function proc(over: Partial<ProcessSecurity> = {}): ProcessSecurity {
  return {
    pid: 1,
    comm: 'sh',
    uid: [0, 0, 0, 0],
    gid: [0, 0, 0, 0],
    groups: [0],
    capEffective: DEFAULT_CAPS,
    capPermitted: DEFAULT_CAPS,
    capInheritable: [],
    capBounding: DEFAULT_CAPS,
    capAmbient: [],
    capHex: null,
    noNewPrivs: false,
    secureBits: [],
    seccompMode: 'filter',
    seccompChain: 0,
    lsmProfile: null,
    lsmSockcreate: null,
    namespaces: [],
    cgroups: [],
    ...over,
  };
}

function rawSpec(over: Record<string, unknown> = {}, linux: Record<string, unknown> = {}) {
  return {
    process: {
      user: { uid: 0, gid: 0, additionalGids: [0] },
      capabilities: { bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS },
      ...over,
    },
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'network', path: '/proc/42/ns/net' }, { type: 'mount' }],
      seccomp: {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [
          { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
          { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
        ],
      },
      ...linux,
    },
  };
}

/** A decoded chain where read is allowed, write gets EPERM and everything else EPERM. */
function chain(): SeccompChainView {
  const eperm = { kind: 'errno' as const, data: 1, text: 'errno 1 (EPERM)' };
  const allow = { kind: 'allow' as const, data: null, text: 'allow' };
  const v = (nr: number, name: string, action: typeof eperm | typeof allow) => ({
    nr,
    name,
    action,
    dependsOnArgs: false,
    possible: [action],
  });
  return {
    top: 0,
    filters: [{ index: 0, instructions: 10, prev: null, flags: 0 }],
    arches: [
      {
        arch: 'x86_64',
        auditArch: 0xc000003e,
        commonAction: eperm,
        syscalls: [v(0, 'read', allow), v(1, 'write', eperm), v(2, 'open', eperm)],
        counts: {},
      },
    ],
    otherArch: eperm,
    listing: [],
  };
}

function compare(spec: unknown, init: ProcessSecurity, more: ProcessSecurity[] = []) {
  return securityDifferences({
    spec: specSecurity(spec),
    specActions: specSyscallActions(spec),
    specNames: specSyscallNames(spec),
    init,
    processes: [init, ...more],
    chains: [chain()],
    lsm: 'apparmor',
    pathChecks: [],
  }).map((d) => `${d.area} ${d.pid}: ${d.message}`);
}

describe('spec against what CRIU saw', () => {
  it('finds nothing when they agree, apart from the seccomp rule the filter does not follow', () => {
    expect(compare(rawSpec(), proc())).toEqual([
      'seccomp 1: write: SCMP_ACT_ALLOW in the spec, errno 1 (EPERM) in the filter (x86_64)',
    ]);
  });

  it('marks a capability in the spec but not held, and one held but not in the spec', () => {
    const init = proc({
      capEffective: ['CAP_CHOWN', 'CAP_KILL', 'CAP_SYS_ADMIN'],
    });
    const child = proc({ pid: 7, capBounding: [...DEFAULT_CAPS, 'CAP_SYS_PTRACE'] });
    expect(compare(rawSpec(), init, [child]).filter((d) => d.startsWith('capabilities'))).toEqual([
      'capabilities 1: effective: CAP_NET_BIND_SERVICE is in the spec but not held',
      'capabilities 1: effective: CAP_SYS_ADMIN is held but not in the spec',
      "capabilities 7: bounding: CAP_SYS_PTRACE held but not in the spec's bounding set",
    ]);
  });

  it('marks seccomp in the spec with mode disabled, and a filter the spec does not ask for', () => {
    expect(compare(rawSpec(), proc({ seccompMode: 'disabled', seccompChain: null }))).toContain(
      'seccomp 1: the spec asks for seccomp (SCMP_ACT_ERRNO (2 rules)) but the process runs with mode disabled',
    );
    expect(compare(rawSpec({}, { seccomp: undefined }), proc())).toContain(
      'seccomp 1: the spec has no seccomp profile but the process runs with mode filter',
    );
  });

  it('marks no_new_privs, user, groups and AppArmor differences', () => {
    const spec = rawSpec({
      noNewPrivileges: true,
      apparmorProfile: 'cri-containerd.apparmor.d',
      user: { uid: 1000, gid: 1000, additionalGids: [1000, 27] },
    });
    const out = compare(spec, proc({ lsmProfile: 'unconfined' }));
    expect(out).toEqual(
      expect.arrayContaining([
        'no_new_privs 1: the spec sets noNewPrivileges but the process has no_new_privs off',
        "user 1: the spec's uid is 1000, the process runs as 0",
        "user 1: the spec's gid is 1000, the process runs as 0",
        'user 1: groups 1000, 27 are in the spec but not held',
        'apparmor 1: the spec asks for AppArmor profile cri-containerd.apparmor.d, the process has unconfined',
      ]),
    );
    expect(compare(spec, proc({ lsmProfile: 'cri-containerd.apparmor.d (enforce)', noNewPrivs: true }))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/^(apparmor|no_new_privs)/)]),
    );
  });

  it('reads the spec: namespaces own / joined / host, rules without arguments only', () => {
    const ns = specNamespaces(rawSpec());
    expect(ns?.get('pid')).toBe('own');
    expect(ns?.get('net')).toBe('joined /proc/42/ns/net');
    expect(ns?.get('ipc')).toBe('host');
    expect([...specSyscallActions(rawSpec()).keys()]).toEqual(['read', 'write']);
    expect(specSecurity(rawSpec()).capabilities?.ambient).toEqual([]);
  });
});

describe('the report copy', () => {
  it("keeps each architecture's syscalls past its common action, with the counts, and no listing", () => {
    const c = { ...chain(), listing: ['filter 0:'] };
    const r = compactSecurity({
      lsm: null,
      processes: [],
      seccomp: [c],
      spec: null,
      differences: [],
      pathChecks: [],
      apparmorPolicies: [],
      firewall: [],
      problems: [],
    });
    expect(r.seccomp[0]!.listing).toEqual([]);
    expect(r.seccomp[0]!.arches[0]!.syscalls.map((s) => s.name)).toEqual(['read']);
  });
});

describe('per-process security from CRIU entries', () => {
  it('names cap sets, unknown bits by number, securebits, mode and chain', () => {
    const core = {
      tc: { cg_set: 2 },
      thread_core: {
        seccomp_mode: 'filter',
        seccomp_filter: 3,
        creds: {
          uid: 1,
          euid: 2,
          suid: 3,
          fsuid: 4,
          gid: 5,
          egid: 6,
          sgid: 7,
          fsgid: 8,
          cap_eff: [0x1, 0x400],
          cap_prm: [0x1, 0],
          cap_inh: [0, 0],
          cap_bnd: [0xffffffff, 0x1ff],
          cap_amb: [0x2, 0],
          secbits: 0x2f,
          groups: [10],
          lsm_profile: 'docker-default (enforce)',
          no_new_privs: 1,
        },
      },
    };
    const p = processSecurity({
      pid: 9,
      comm: 'x',
      core: [core],
      ids: [{ pid_ns_id: 5, net_ns_id: 6 }],
      rootIds: { pid_ns_id: 1, net_ns_id: 6 },
      cgroups: new Map([[2, [{ controllers: 'cpu,memory', path: '/a' }]]]),
      specNamespaces: null,
    });
    expect(p.uid).toEqual([1, 2, 3, 4]);
    expect(p.gid).toEqual([5, 6, 7, 8]);
    expect(p.capEffective).toEqual(['CAP_CHOWN', 'CAP_42']);
    expect(p.capAmbient).toEqual(['CAP_DAC_OVERRIDE']);
    expect(p.capBounding).toHaveLength(41);
    expect(p.capHex?.bounding).toBe('000001ffffffffff');
    expect(p.secureBits).toEqual([
      'SECBIT_NOROOT',
      'SECBIT_NOROOT_LOCKED',
      'SECBIT_NO_SETUID_FIXUP',
      'SECBIT_NO_SETUID_FIXUP_LOCKED',
      'SECBIT_KEEP_CAPS_LOCKED',
    ]);
    expect(p).toMatchObject({
      noNewPrivs: true,
      seccompMode: 'filter',
      seccompChain: 3,
      lsmProfile: 'docker-default (enforce)',
    });
    expect(p.namespaces.slice(0, 2)).toEqual([
      { type: 'pid', id: 5, sharedWithHost: false, spec: null },
      { type: 'net', id: 6, sharedWithHost: true, spec: null },
    ]);
    expect(p.cgroups).toEqual([{ controllers: 'cpu,memory', path: '/a' }]);
  });

  it('reads a missing seccomp mode as disabled (CRIU writes none then)', () => {
    expect(seccompModeOf({ thread_core: {} })).toBe('disabled');
    expect(seccompModeOf({ tc: { old_seccomp_mode: 1 } })).toBe('strict');
    expect(seccompModeOf({})).toBeNull();
    expect(capHex([0xa80425fb, 0])).toBe('00000000a80425fb');
  });
});

describe('security report of the web fixture', () => {
  let s: InspectSession;
  let cache: string;
  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), 'h-security-fx-'));
    s = await openArchive('test/fixtures/containerd-cri-web.tar', { archiveId: 'a', cacheDir: cache });
  });
  afterAll(async () => {
    await s.close();
    rmSync(cache, { recursive: true, force: true });
  });

  it('shows every process unconfined, the default caps, and no difference from the spec', async () => {
    const r = await securityOf(s, null);
    expect(r.problems).toEqual([]);
    expect(r.lsm).toBe('none');
    expect(r.processes.map((p) => [p.pid, p.comm, p.seccompMode])).toEqual([
      [1, 'sh', 'disabled'],
      [6, 'httpd', 'disabled'],
      [7, 'tail', 'disabled'],
    ]);
    expect(r.processes[0]!.capHex?.effective).toBe('00000000a80425fb');
    expect(r.processes[0]!.namespaces.find((n) => n.type === 'net')?.spec).toMatch(/^joined \/proc\/\d+\/ns\/net$/);
    expect(r.processes[0]!.namespaces.find((n) => n.type === 'user')?.sharedWithHost).toBe(true);
    expect(r.seccomp).toEqual([]);
    expect(r.spec?.seccomp).toBeNull();
    expect(r.differences).toEqual([]);
    const one = await securityOf(s, 6);
    expect(one.processes.map((p) => p.pid)).toEqual([6]);
    await expect(securityOf(s, 4242)).rejects.toThrow(/no process 4242/);
  });

  it('is in the report with the same values: unconfined seccomp, modes and caps per process', async () => {
    const report = await buildReport(s, { now: new Date(0) });
    expect(report.security?.processes.map((p) => [p.pid, p.seccompMode, p.capHex?.effective])).toEqual([
      [1, 'disabled', '00000000a80425fb'],
      [6, 'disabled', '00000000a80425fb'],
      [7, 'disabled', '00000000a80425fb'],
    ]);
    const html = renderReportHtml(report);
    expect(html).toContain('<dt>Seccomp</dt><dd>unconfined</dd>');
    expect(html).toContain('<h2>Security context (CRIU)</h2>');
    expect(html).toContain('No difference between the spec and what CRIU saw.');
  });
});
