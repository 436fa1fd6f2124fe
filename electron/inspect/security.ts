import type { SecuritySummary } from '../../shared/dto';
import { CAP_NAMES, DEFAULT_CONTAINER_CAPS, normaliseCap } from './capabilities';
import { arr, field, isEntry, num, str, strField, sub } from './crit-values';
import { seccompProfileName } from './security-spec';

/** Namespaces a container normally gets its own of; one missing from the spec is shared with the host. */
const ISOLATED_NAMESPACES = ['pid', 'network', 'ipc', 'uts', 'mount'] as const;

/** Bind sources that runtimes make for every container (hosts, resolv.conf, shm, ...): not the user's host mounts. */
const RUNTIME_STATE_PREFIXES = [
  '/var/lib/containerd/',
  '/run/containerd/',
  '/var/run/containerd/',
  '/var/lib/containers/storage/',
  '/run/containers/storage/',
  '/var/run/containers/storage/',
  '/run/libpod/',
  '/var/lib/kubelet/pods/',
];

/** All capabilities up to CAP_AUDIT_READ: what a privileged container's bounding set holds. */
const ALL_CLASSIC_CAPS = CAP_NAMES.slice(0, 38);

function strings(value: unknown): string[] {
  return arr(value)
    .map(str)
    .filter((s): s is string => s !== null);
}

function isBind(mount: Record<string, unknown>): boolean {
  const options = strings(mount['options']);
  return strField(mount, 'type') === 'bind' || options.includes('bind') || options.includes('rbind');
}

/**
 * The security posture the OCI spec asked for. privileged: the bounding set
 * holds every capability, or the device cgroup allows every device, or the
 * host's /dev is bind-mounted.
 */
export function securitySummary(spec: unknown): SecuritySummary {
  const proc = sub(spec, 'process');
  const linux = sub(spec, 'linux');
  const caps = sub(proc, 'capabilities');
  const capSets = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'].map((k) =>
    strings(field(caps, k)).map(normaliseCap),
  );
  const bounding = new Set(capSets[0]);
  const allCaps = new Set(capSets.flat());

  const mounts = arr(field(spec, 'mounts')).filter(isEntry);
  const deviceRules = arr(field(sub(linux, 'resources'), 'devices')).filter(isEntry);
  const allDevices = deviceRules.some(
    (d) => d['allow'] === true && d['type'] === undefined && d['major'] === undefined && d['minor'] === undefined,
  );
  const hostDev = mounts.some((m) => isBind(m) && strField(m, 'source') === '/dev');

  const namespaces = arr(field(linux, 'namespaces')).filter(isEntry);
  const hasNs = (type: string): boolean => namespaces.some((n) => strField(n, 'type') === type);

  const hostMounts = mounts
    .filter((m) => isBind(m))
    .filter((m) => {
      const source = strField(m, 'source') ?? '';
      return source.startsWith('/') && !RUNTIME_STATE_PREFIXES.some((p) => source.startsWith(p));
    })
    .map((m) => {
      const ro = strings(m['options']).includes('ro');
      return `${strField(m, 'source') ?? ''} -> ${strField(m, 'destination') ?? ''}${ro ? ' (ro)' : ''}`;
    });

  return {
    privileged: ALL_CLASSIC_CAPS.every((c) => bounding.has(c)) || allDevices || hostDev,
    addedCapabilities: [...allCaps].filter((c) => !DEFAULT_CONTAINER_CAPS.has(c)).sort(),
    hostNamespaces: linux ? ISOLATED_NAMESPACES.filter((t) => !hasNs(t)) : [...ISOLATED_NAMESPACES],
    hostMounts,
    seccompProfile: seccompProfileName(spec),
    apparmorProfile: strField(proc, 'apparmorProfile'),
    readOnlyRoot: field(sub(spec, 'root'), 'readonly') === true,
    runAsRoot: (num(field(sub(proc, 'user'), 'uid')) ?? 0) === 0,
    noNewPrivileges: field(proc, 'noNewPrivileges') === true,
  };
}
