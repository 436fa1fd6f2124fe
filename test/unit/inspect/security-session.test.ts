import { describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../../electron/inspect/archive-session';
import { securityReport } from '../../../electron/inspect/security-view';
import { fakeDeps, img } from './fake-archive';

// seccomp: ld [nr]; jeq #0 (read), 0, 1; ret ALLOW; ret ERRNO|1
const FILTER = Buffer.alloc(32);
[
  [0x20, 0, 0, 0],
  [0x15, 0, 1, 0],
  [0x06, 0, 0, 0x7fff0000],
  [0x06, 0, 0, 0x00050001],
].forEach(([code, jt, jf, k], i) => {
  FILTER.writeUInt16LE(code!, i * 8);
  FILTER.writeUInt8(jt!, i * 8 + 2);
  FILTER.writeUInt8(jf!, i * 8 + 3);
  FILTER.writeUInt32LE(k!, i * 8 + 4);
});

function open(over: Record<string, string | Buffer> = {}) {
  const files = {
    'config.dump': JSON.stringify({ id: 'abc', name: 'web' }),
    'spec.dump': JSON.stringify({
      process: { apparmorProfile: 'cri-containerd.apparmor.d', user: { uid: 0, gid: 0 } },
      linux: {
        namespaces: [{ type: 'pid' }, { type: 'mount' }],
        maskedPaths: ['/proc/kcore'],
        readonlyPaths: ['/proc/sys', '/proc/bus'],
      },
    }),
    'checkpoint/inventory.img': img('INVENTORY', [{ lsmtype: 'APPARMOR', root_ids: { mnt_ns_id: 1 } }]),
    'checkpoint/pstree.img': img('PSTREE', [
      { pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] },
      { pid: 5, ppid: 1, pgid: 1, sid: 1, threads: [5] },
    ]),
    'checkpoint/core-1.img': img('CORE', [
      {
        tc: { task_state: 1, comm: 'app' },
        thread_core: {
          seccomp_mode: 'filter',
          seccomp_filter: 0,
          creds: { uid: 0, gid: 0, cap_eff: [1], lsm_profile: 'unconfined' },
        },
      },
    ]),
    'checkpoint/core-5.img': 'BROKEN',
    'checkpoint/ids-1.img': img('IDS', [{ mnt_ns_id: 13 }]),
    'checkpoint/mountpoints-13.img': img('MNTS', [
      { mountpoint: '/', flags: '0x0' },
      { mountpoint: '/proc/sys', flags: '0x0' },
      { mountpoint: '/proc/bus', flags: '0x1' },
    ]),
    'checkpoint/seccomp.img': img('SECCOMP', [{ seccomp_filters: [{ filter: FILTER.toString('base64') }] }]),
    'checkpoint/apparmor.img': img('APPARMOR', [
      { namespaces: [{ name: 'root', policies: [{ name: 'cri-containerd.apparmor.d', blob: '' }] }] },
    ]),
    'checkpoint/iptables-10.img': '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j DROP\nCOMMIT\n',
    ...over,
  };
  return ArchiveSession.open('/x/web.tar', fakeDeps(files), { archiveId: 'a1', cacheDir: '/nonexistent' });
}

describe('security report of a session', () => {
  it('decodes the filter, checks paths and labels, shows the firewall and AppArmor policies, lists what it could not read', async () => {
    const r = await securityReport(await open());
    expect(r.lsm).toBe('apparmor');
    expect(r.processes.map((p) => p.pid)).toEqual([1]);
    expect(r.problems.map((p) => p.where)).toContain('checkpoint/core-5.img');
    const x86 = r.seccomp[0]!.arches[0]!;
    expect(x86.syscalls.find((s) => s.name === 'read')!.action.kind).toBe('allow');
    expect(x86.syscalls.find((s) => s.name === 'write')!.action.text).toBe('errno 1 (EPERM)');
    expect(r.pathChecks).toEqual([
      { path: '/proc/kcore', kind: 'masked', seen: 'not mounted' },
      { path: '/proc/sys', kind: 'readonly', seen: 'mounted writable' },
      { path: '/proc/bus', kind: 'readonly', seen: 'mounted read-only' },
    ]);
    expect(r.differences.map((d) => `${d.area}: ${d.message}`)).toEqual(
      expect.arrayContaining([
        'seccomp: the spec has no seccomp profile but the process runs with mode filter',
        'apparmor: the spec asks for AppArmor profile cri-containerd.apparmor.d, the process has unconfined',
        'readonly: /proc/sys is read-only in the spec but mounted writable',
      ]),
    );
    expect(r.apparmorPolicies).toEqual(['root/cri-containerd.apparmor.d']);
    expect(r.firewall).toEqual([
      {
        member: 'checkpoint/iptables-10.img',
        kind: 'iptables',
        text: expect.stringContaining('-A INPUT -p tcp --dport 22 -j DROP'),
        truncated: false,
      },
    ]);
  });

  it('names a corrupt seccomp.img and a chain that points past it', async () => {
    const r = await securityReport(await open({ 'checkpoint/seccomp.img': 'BROKEN' }));
    expect(r.problems.map((p) => p.where)).toContain('checkpoint/seccomp.img');
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(/no filter 0/);
  });
});
