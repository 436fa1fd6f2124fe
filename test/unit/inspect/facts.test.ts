import { describe, expect, it } from 'vitest';
import { capNames } from '../../../electron/inspect/capabilities';
import { containerFacts, podmanNetwork } from '../../../electron/inspect/container-facts';
import { num, enumName } from '../../../electron/inspect/crit-values';
import { detectEngine, parseKubeletName } from '../../../electron/inspect/engine';
import { criuStats, criuVersionFromLog } from '../../../electron/inspect/stats';
import { buildVmas } from '../../../electron/inspect/vmas';

describe('engine and container facts', () => {
  const base = { memberNames: new Set(['config.dump', 'spec.dump']), config: {}, fileName: 'x.tar' };
  it('tells the engine', () => {
    expect(detectEngine({ ...base, spec: { annotations: { 'io.container.manager': 'cri-o' } } })).toBe('cri-o');
    expect(detectEngine({ ...base, spec: { annotations: { 'io.container.manager': 'libpod' } } })).toBe('podman');
    expect(detectEngine({ ...base, spec: {}, memberNames: new Set(['deleted.files']) })).toBe('podman');
    expect(detectEngine({ ...base, spec: {}, fileName: 'checkpoint-web_default-nginx-2024-01-02T03:04:05Z.tar' })).toBe(
      'kubelet',
    );
    expect(detectEngine({ ...base, spec: {} })).toBe('containerd');
    expect(detectEngine({ ...base, spec: {}, memberNames: new Set() })).toBe('unknown');
    expect(parseKubeletName('checkpoint-web_default-nginx-2024-01-02T03:04:05Z.tar')).toEqual({
      pod: 'web',
      namespace: 'default',
      rest: 'nginx',
    });
  });

  it('reads CRI-O facts from its annotations and Podman IPs from network.status', () => {
    const f = containerFacts(
      'cri-o',
      { id: 'c1' },
      {
        annotations: {
          'io.kubernetes.cri-o.Metadata': '{"name":"app"}',
          'io.kubernetes.cri-o.IP.0': '10.0.0.5',
          'io.kubernetes.pod.name': 'p',
          'io.kubernetes.pod.namespace': 'n',
        },
      },
      null,
      'x.tar',
    );
    expect(f).toMatchObject({ name: 'app', ip: '10.0.0.5', podName: 'p', podNamespace: 'n', id: 'c1' });
    expect(
      podmanNetwork({
        podman: { interfaces: { eth0: { subnets: [{ ipnet: '10.88.0.7/16' }], mac_address: 'aa:bb' } } },
      }),
    ).toEqual({
      ip: '10.88.0.7',
      mac: 'aa:bb',
      networks: [{ name: 'podman', interfaces: [{ name: 'eth0', ip: '10.88.0.7/16', mac: 'aa:bb', gateway: null }] }],
    });
    expect(
      containerFacts('containerd', { checkpointedTime: '0001-01-01T00:00:00Z' }, {}, null, 'x').checkpointedAt,
    ).toBeNull();
  });
});

describe('values, stats, caps, VMAs', () => {
  it('reads numbers and enums in every decoder form', () => {
    expect([num(5), num(5n), num('0x10'), num('12'), num('abc'), num(undefined)]).toEqual([5, 5, 16, 12, null, null]);
    expect(enumName(6, { 6: 'TCP' })).toBe('TCP');
    expect(enumName('UDP', {})).toBe('UDP');
    expect(enumName(99, {})).toBe('UNKNOWN(99)');
  });

  it('reads CRIU stats and version', () => {
    expect(criuStats([{ dump: { freezing_time: 10, pages_written: 3, irmap_resolve: 0 } }])).toEqual({
      freezingTimeUs: 10,
      pagesWritten: 3,
      irmapResolve: 0,
    });
    expect(criuStats([{ restore: {} }])).toBeNull();
    expect(criuVersionFromLog('(00.000000) Version: 4.2.1 (gitid 0)\n')).toBe('4.2.1');
    expect(criuVersionFromLog('nothing')).toBeNull();
  });

  it('names capability bits across words', () => {
    expect(capNames([0b1, 1 << 1])).toEqual(['CAP_CHOWN', 'CAP_MAC_ADMIN']);
    expect(capNames([0, 1 << 31])).toEqual(['CAP_63']);
  });

  it('describes VMAs: protection, backing and dumped bytes', () => {
    const reader = {
      pagesId: 1,
      problems: [],
      allRanges: () => [
        { start: 0x2000, end: 0x4000, inFile: true },
        { start: 0x9000, end: 0xa000, inFile: false },
      ],
      read: () => Promise.reject(new Error('unused')),
    };
    const files = { regName: (id: number | null) => (id === 7 ? '/bin/app' : null) } as unknown as Parameters<
      typeof buildVmas
    >[2];
    const vmas = buildVmas(
      [
        {
          mm_start_stack: 0x9800,
          mm_start_brk: 0x5000,
          mm_brk: 0x6000,
          vmas: [
            { start: 0x1000, end: 0x3000, prot: 5, flags: 2, status: 0x41, shmid: 7, pgoff: 0 },
            { start: 0x5000, end: 0x6000, prot: 3, flags: 0x22, status: 0x201 },
            {
              start: 0x9000,
              end: 0xa000,
              prot: 'PROT_READ | PROT_WRITE',
              flags: 'MAP_PRIVATE | MAP_ANON | MAP_GROWSDOWN',
              status: 0x201,
            },
          ],
        },
      ],
      reader,
      files,
      1,
    ).rows;
    expect(vmas.map((v) => [v.prot, v.file, v.dumped])).toEqual([
      ['r-xp', '/bin/app', 0x1000],
      ['rw-p', '[heap]', 0],
      ['rw-p', '[stack]', 0],
    ]);
    expect(vmas[2]?.flags).toBe('MAP_PRIVATE | MAP_ANON | MAP_GROWSDOWN');
  });
});
