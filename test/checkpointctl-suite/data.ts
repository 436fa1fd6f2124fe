// The small input files of the ported checkpointctl scenarios: ours, written
// from the facts each scenario needs (which engine a spec.dump names, which
// mounts it lists, what a network.status holds), not copies of its files.

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A config.dump with nothing in it: the scenarios only need one that parses. */
const config = json({});

/** A Podman spec.dump: libpod as the manager; /proc and a bind mount of /etc/hostname. */
const spec = json({
  ociVersion: '1.2.0',
  annotations: { 'io.container.manager': 'libpod' },
  mounts: [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/etc/hostname',
      type: 'bind',
      source: '/run/containers/storage/overlay-containers/h-conform/userdata/hostname',
      options: ['bind', 'rprivate'],
    },
  ],
});

/** A CRI-O spec.dump: cri-o as the manager, with (empty) CRI-O metadata. */
const specCrio = json({
  ociVersion: '1.2.0',
  annotations: { 'io.container.manager': 'cri-o', 'io.kubernetes.cri-o.Metadata': '{}' },
});

/** Podman's network.status: one network, "podman", interface eth0. */
const network = json({
  podman: {
    interfaces: {
      eth0: { subnets: [{ ipnet: '10.88.0.9/16', gateway: '10.88.0.1' }], mac_address: 'f2:99:8d:fb:5a:57' },
    },
  },
});

/** Two networks, net1 (eth0) and net2 (eth1), one address each. */
const networkMulti = json({
  net1: {
    interfaces: {
      eth0: { subnets: [{ ipnet: '10.89.0.2/24', gateway: '10.89.0.1' }], mac_address: '32:ba:b8:45:bc:84' },
    },
  },
  net2: {
    interfaces: {
      eth1: { subnets: [{ ipnet: '10.89.1.2/24', gateway: '10.89.1.1' }], mac_address: '5e:b7:fe:ee:e0:d8' },
    },
  },
});

/** A CRI-O container's config.dump as `list` reads it. */
const listConfig = json({
  id: '5b1d3a1c9e0f4d7a8b6c2e1f0a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d',
  name: 'k8s_container-name_pod-name_default_8d3c6a2e-2f1b-4c7d-9e0a-1b2c3d4e5f60_0',
  rootfsImage: 'docker.io/library/nginx@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  rootfsImageRef: 'b3a2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2',
  rootfsImageName: 'docker.io/library/nginx:latest',
  runtime: 'runc',
  createdTime: '2024-03-01T10:00:00.000000000Z',
  checkpointedTime: '2024-03-01T10:05:00.000000000+01:00',
  restoredTime: '0001-01-01T00:00:00Z',
  restored: false,
});

/** The matching CRI-O spec.dump: the pod and container names in its annotations. */
const listSpec = json({
  annotations: {
    'io.container.manager': 'cri-o',
    'io.kubernetes.container.hash': '7c3e91a2',
    'io.kubernetes.container.name': 'container-name',
    'io.kubernetes.pod.name': 'pod-name',
    'io.kubernetes.pod.namespace': 'default',
    'io.kubernetes.cri-o.Metadata': JSON.stringify({ name: 'container-name' }),
  },
});

/** Named contents a scenario's archive layout refers to. */
export const DATA = {
  config,
  spec,
  specCrio,
  network,
  networkMulti,
  listConfig,
  listSpec,
  listSpecModified: listSpec.replace('"pod-name"', '"modified-pod-name"'),
  empty: '',
  emptyObject: '{}\n',
  notJson: 'not-valid-json\n',
  crioCheckpointedTime: json({ checkpointedTime: '2024-02-09T11:01:26.186815191Z' }),
  pid: '1\n',
  /** config.dump naming another manager, for a diff of two different containers. */
  configOtherManager: json({ annotations: { 'io.container.manager': 'different-runtime' } }),
} as const;

export type DataName = keyof typeof DATA;
