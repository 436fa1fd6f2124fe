import type { Engine } from '../../shared/dto';
import { arr, field, isEntry, str, strField, sub, type Entry } from './crit-values';
import { parseKubeletName } from './engine';

export interface ContainerFacts {
  name: string | null;
  id: string | null;
  image: string | null;
  imageRef: string | null;
  runtime: string | null;
  createdAt: string | null;
  checkpointedAt: string | null;
  podName: string | null;
  podNamespace: string | null;
  annotations: Record<string, string>;
  ip: string | null;
  mac: string | null;
}

/** Go's zero time, written by engines for "never". */
function time(value: unknown): string | null {
  const s = str(value);
  if (!s || s.startsWith('0001-01-01')) return null;
  return s;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isEntry(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** First IP (without prefix length) and MAC of Podman's network.status, old (CNI) or new (netavark) shape. */
export function podmanNetwork(status: unknown): { ip: string | null; mac: string | null } {
  const nets: unknown[] = Array.isArray(status) ? status : isEntry(status) ? Object.values(status) : [];
  for (const net of nets) {
    const ifaces = sub(net, 'interfaces');
    for (const iface of ifaces ? Object.values(ifaces) : []) {
      const subnet = arr(field(iface, 'subnets'))[0];
      const ipnet = strField(subnet, 'ipnet');
      if (ipnet) return { ip: ipnet.split('/')[0] ?? null, mac: strField(iface, 'mac_address') };
    }
    const cniIp = strField(arr(field(net, 'ips'))[0], 'address');
    if (cniIp) {
      const mac = strField(
        arr(field(net, 'interfaces')).find((i) => strField(i, 'mac') !== null),
        'mac',
      );
      return { ip: cniIp.split('/')[0] ?? null, mac };
    }
  }
  return { ip: null, mac: null };
}

/** Container facts as checkpointctl reads them, per engine. */
export function containerFacts(
  engine: Engine,
  config: unknown,
  spec: unknown,
  networkStatus: unknown,
  fileName: string,
): ContainerFacts {
  const annotations = stringMap(field(spec, 'annotations'));
  const facts: ContainerFacts = {
    name: strField(config, 'name'),
    id: strField(config, 'id'),
    image: strField(config, 'rootfsImageName') ?? strField(config, 'rootfsImage'),
    imageRef: strField(config, 'rootfsImageRef'),
    runtime: strField(config, 'runtime') ?? strField(config, 'OCIRuntime'),
    createdAt: time(field(config, 'createdTime')),
    checkpointedAt: time(field(config, 'checkpointedTime')),
    podName: annotations['io.kubernetes.cri.sandbox-name'] ?? null,
    podNamespace: annotations['io.kubernetes.cri.sandbox-namespace'] ?? null,
    annotations,
    ip: null,
    mac: null,
  };
  const criName = annotations['io.kubernetes.cri.container-name'];
  if (engine === 'cri-o') {
    let meta: Entry | null = null;
    try {
      meta = sub({ m: JSON.parse(annotations['io.kubernetes.cri-o.Metadata'] ?? 'null') as unknown }, 'm');
    } catch {
      meta = null;
    }
    facts.name = strField(meta, 'name') ?? facts.name;
    facts.createdAt = annotations['io.kubernetes.cri-o.Created'] ?? facts.createdAt;
    facts.ip = annotations['io.kubernetes.cri-o.IP.0'] ?? null;
    facts.podName = annotations['io.kubernetes.pod.name'] ?? null;
    facts.podNamespace = annotations['io.kubernetes.pod.namespace'] ?? null;
  } else if (engine === 'podman') {
    const net = podmanNetwork(networkStatus);
    facts.ip = net.ip;
    facts.mac = net.mac;
  } else if (criName) {
    facts.name = criName;
  }
  if (engine === 'kubelet' && (!facts.podName || !facts.podNamespace)) {
    const k = parseKubeletName(fileName);
    facts.podName = facts.podName ?? k?.pod ?? null;
    facts.podNamespace = facts.podNamespace ?? k?.namespace ?? null;
  }
  return facts;
}
