import { describe, expect, it } from 'vitest';
import { CAP_NAMES } from '../../../electron/inspect/capabilities';
import { securitySummary } from '../../../electron/inspect/security';

const defaultCaps = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];
const ns = ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type }));

function spec(over: Record<string, unknown> = {}, linux: Record<string, unknown> = {}) {
  return {
    process: {
      user: { uid: 1000, gid: 1000 },
      capabilities: { bounding: defaultCaps, effective: defaultCaps },
      noNewPrivileges: true,
      apparmorProfile: 'cri-containerd.apparmor.d',
    },
    root: { path: 'rootfs', readonly: true },
    mounts: [
      {
        destination: '/etc/hosts',
        type: 'bind',
        source: '/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/x/hosts',
        options: ['rbind', 'ro'],
      },
    ],
    linux: { namespaces: ns, seccomp: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{}, {}] }, ...linux },
    ...over,
  };
}

describe('securitySummary', () => {
  it('finds nothing to flag in a default confined container', () => {
    expect(securitySummary(spec())).toEqual({
      privileged: false,
      addedCapabilities: [],
      hostNamespaces: [],
      hostMounts: [],
      seccompProfile: 'SCMP_ACT_ERRNO (2 rules)',
      apparmorProfile: 'cri-containerd.apparmor.d',
      readOnlyRoot: true,
      runAsRoot: false,
      noNewPrivileges: true,
    });
  });

  it('flags a privileged container: all caps, all devices, host namespaces and host mounts', () => {
    const s = securitySummary({
      process: { user: { uid: 0 }, capabilities: { bounding: CAP_NAMES.slice(0, 41) } },
      mounts: [
        { destination: '/host', type: 'bind', source: '/', options: ['rbind', 'rw'] },
        { destination: '/data', source: '/srv/data', options: ['bind', 'ro'] },
      ],
      linux: {
        namespaces: [{ type: 'mount' }, { type: 'uts' }],
        resources: { devices: [{ allow: true, access: 'rwm' }] },
      },
    });
    expect(s.privileged).toBe(true);
    expect(s.addedCapabilities).toContain('CAP_SYS_ADMIN');
    expect(s.addedCapabilities).not.toContain('CAP_CHOWN');
    expect(s.hostNamespaces).toEqual(['pid', 'network', 'ipc']);
    expect(s.hostMounts).toEqual(['/ -> /host', '/srv/data -> /data (ro)']);
    expect(s.seccompProfile).toBeNull();
    expect(s.runAsRoot).toBe(true);
    expect(s.readOnlyRoot).toBe(false);
  });

  it('counts a device cgroup allowing everything, or host /dev, as privileged', () => {
    expect(
      securitySummary(
        spec(
          {},
          {
            resources: {
              devices: [
                { allow: false, access: 'rwm' },
                { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
              ],
            },
          },
        ),
      ).privileged,
    ).toBe(false);
    expect(
      securitySummary(spec({ mounts: [{ destination: '/dev', type: 'bind', source: '/dev', options: ['rbind'] }] }))
        .privileged,
    ).toBe(true);
  });

  it('normalises spec capability names and reports the added ones', () => {
    const s = securitySummary(
      spec({ process: { capabilities: { bounding: ['NET_ADMIN', 'cap_sys_ptrace', ...defaultCaps] } } }),
    );
    expect(s.addedCapabilities).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_PTRACE']);
  });
});
