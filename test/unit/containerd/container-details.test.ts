import { describe, expect, it } from 'vitest';
import { containerDetails, MAX_DETAIL_ITEMS } from '../../../electron/containerd/container-details';

const withSpec = (spec: unknown) => ({
  spec: {
    type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec',
    value: Buffer.from(JSON.stringify(spec)),
  },
});

describe("a container's details from its OCI spec", () => {
  it('lists mounts, annotations, the cgroup and the namespaces', () => {
    const d = containerDetails(
      withSpec({
        mounts: [
          { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec'] },
          { destination: '/etc/hosts', type: 'bind', source: '/var/lib/x/hosts', options: ['rbind', 'ro'] },
        ],
        annotations: { 'io.kubernetes.cri.container-type': 'container' },
        linux: {
          cgroupsPath: 'kubepods-besteffort.slice:cri-containerd:abc',
          namespaces: [{ type: 'pid' }, { type: 'network', path: '/proc/42/ns/net' }],
        },
      }),
    );
    expect(d).toEqual({
      mounts: [
        { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec'] },
        { destination: '/etc/hosts', type: 'bind', source: '/var/lib/x/hosts', options: ['rbind', 'ro'] },
      ],
      annotations: { 'io.kubernetes.cri.container-type': 'container' },
      cgroupsPath: 'kubepods-besteffort.slice:cri-containerd:abc',
      namespaces: [
        { type: 'pid', path: null },
        { type: 'network', path: '/proc/42/ns/net' },
      ],
      problem: null,
    });
  });

  it('says what is missing instead of showing empty lists', () => {
    expect(containerDetails({ spec: null }).problem).toContain('no OCI spec');
    expect(containerDetails({ spec: { type_url: 'x', value: Buffer.from('{not json') } }).problem).toContain(
      'not JSON',
    );
    expect(containerDetails(withSpec([1, 2])).problem).toContain('not a JSON object');
  });

  it('bounds hostile lists and strings, and says it cut them', () => {
    const d = containerDetails(
      withSpec({
        mounts: Array.from({ length: MAX_DETAIL_ITEMS + 5 }, (_, i) => ({ destination: `/m${i}`, options: 'nope' })),
        annotations: Object.fromEntries(
          Array.from({ length: MAX_DETAIL_ITEMS + 1 }, (_, i) => [`k${i}`, 'v'.repeat(10_000)]),
        ),
        linux: { cgroupsPath: 7, namespaces: [{ type: 3 }, null, { type: 'ipc' }] },
      }),
    );
    expect(d.mounts).toHaveLength(MAX_DETAIL_ITEMS);
    expect(d.mounts[0]).toEqual({ destination: '/m0', type: null, source: null, options: [] });
    expect(Object.keys(d.annotations)).toHaveLength(MAX_DETAIL_ITEMS);
    expect(d.annotations['k0']).toHaveLength(4096);
    expect(d.cgroupsPath).toBeNull();
    expect(d.namespaces).toEqual([{ type: 'ipc', path: null }]);
    expect(d.problem).toContain(`${MAX_DETAIL_ITEMS + 5} mounts`);
    expect(d.problem).toContain(`${MAX_DETAIL_ITEMS + 1} annotations`);
  });
});
