import type { Engine, NetworkInfo, NetworkInterfaceInfo } from '../../shared/dto';
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
  networks: NetworkInfo[];
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

/** What network.status says: every IP (without prefix) and MAC, comma-separated, and each network's interfaces. */
interface PodmanNetworks {
  ip: string | null;
  mac: string | null;
  networks: NetworkInfo[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * netavark's shape ({name: {interfaces: {ifname: {subnets, mac_address}}}}),
 * read as checkpointctl reads it: networks and interfaces sorted by name,
 * every IP and MAC kept (a container on two networks has two), an interface's
 * IP and gateway from its last subnet that has one.
 */
function netavarkNetworks(status: Entry): PodmanNetworks {
  const ips: string[] = [];
  const macs: string[] = [];
  const networks: NetworkInfo[] = [];
  for (const name of Object.keys(status).sort(byName)) {
    const ifaces = sub(status[name], 'interfaces') ?? {};
    const interfaces: NetworkInterfaceInfo[] = [];
    for (const ifName of Object.keys(ifaces).sort(byName)) {
      const iface = ifaces[ifName];
      const out: NetworkInterfaceInfo = { name: ifName, ip: null, mac: null, gateway: null };
      const mac = strField(iface, 'mac_address');
      if (mac) {
        macs.push(mac);
        out.mac = mac;
      }
      for (const subnet of arr(field(iface, 'subnets'))) {
        const ipnet = strField(subnet, 'ipnet');
        if (ipnet) {
          out.ip = ipnet;
          const ip = ipnet.split('/')[0] ?? '';
          if (ip) ips.push(ip);
        }
        out.gateway = strField(subnet, 'gateway') || out.gateway;
      }
      interfaces.push(out);
    }
    networks.push({ name, interfaces });
  }
  return { ip: ips.join(', ') || null, mac: macs.join(', ') || null, networks };
}

/** Podman's network.status: netavark's map of networks, or (Podman 3, CNI) an array of CNI results: its first IP and MAC. */
export function podmanNetwork(status: unknown): PodmanNetworks {
  if (isEntry(status)) return netavarkNetworks(status);
  for (const net of arr(status)) {
    const cniIp = strField(arr(field(net, 'ips'))[0], 'address');
    if (cniIp) {
      const mac = strField(
        arr(field(net, 'interfaces')).find((i) => strField(i, 'mac') !== null),
        'mac',
      );
      return { ip: cniIp.split('/')[0] ?? null, mac, networks: [] };
    }
  }
  return { ip: null, mac: null, networks: [] };
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
    networks: [],
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
    facts.networks = net.networks;
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
