import { afterEach, describe, expect, it } from 'vitest';
import { buildProvenance } from '../../../electron/inspect/provenance';
import { DUMP_STATS_FIELDS } from '../../../shared/criu-stat-names';
import { inventoryImage, openMembers, statsImage, type Members } from './timeline-archive';

let done: (() => Promise<void>) | undefined;
afterEach(async () => {
  await done?.();
  done = undefined;
});

async function provenance(members: Members) {
  const opened = await openMembers(members);
  done = opened.done;
  return buildProvenance(opened.s);
}

const log = [
  '(00.000000) CRIU run id = 11111111-aaaa',
  '(00.000000) Would overwrite RPC settings with values from /etc/criu/runc.conf',
  '(00.000106) Version: 4.1.1 (gitid v4.1.1)',
  '(00.000128) Running on host Linux 6.1.0 #1 SMP x86_64',
  '(00.015628) cpu: fpu: xfeatures_mask 0xe5',
  '(00.015894) Dumping processes (pid: 1 comm: sh)',
  '(00.016000) Enabled option later',
].join('\n');

describe('provenance', () => {
  it('names all 14 dump stats fields with units, restore stats, the inventory, versions and plugin images', async () => {
    const p = await provenance({
      'stats-dump': {
        data: statsImage(
          {
            freezing_time: 5217,
            frozen_time: 718659,
            memdump_time: 4023,
            memwrite_time: 346,
            pages_scanned: 78,
            pages_skipped_parent: 0,
            pages_written: 56,
            pages_lazy: 0,
            page_pipes: 12,
          },
          { pages_compared: 3, pages_skipped_cow: 1, forking_time: 10, restore_time: 2000 },
        ),
      },
      'checkpoint/inventory.img': {
        data: inventoryImage({
          img_version: 2,
          fdinfo_per_id: true,
          root_ids: { vm_id: 1, files_id: 2, fs_id: 3, sighand_id: 4, net_ns_id: 9 },
          lsmtype: 2,
          dump_uptime: 90_061_000_000,
          network_lock_method: 1,
          plugins_entry: { plugins: ['amdgpu_plugin'] },
          dump_criu_run_id: '11111111-aaaa',
        }),
      },
      'checkpoint/amdgpu-kfd-1.img': { data: Buffer.alloc(300, 7) },
      'checkpoint/mystery.img': { data: Buffer.from('not a criu image at all') },
      'dump.log': { data: log },
      'checkpoint-inspector.json': {
        data: JSON.stringify({ writer: 'checkpoint-inspector', via: 'native', how: 'streamed', notes: [] }),
      },
    });
    expect(p.problems).toEqual([]);
    expect(p.dumpStats?.map((f) => f.key)).toEqual(DUMP_STATS_FIELDS.map(([k]) => k));
    expect(p.dumpStats).toHaveLength(14);
    const stat = (k: string) => p.dumpStats?.find((f) => f.key === k);
    expect(stat('frozen_time')).toMatchObject({
      value: 718659,
      unit: 'µs',
      text: '718659 µs (718.659 ms)',
      label: 'time the tasks stayed frozen',
    });
    expect(stat('pages_written')).toMatchObject({ value: 56, unit: 'pages', text: '56 pages (224 KiB at 4 KiB)' });
    expect(stat('page_pipes')).toMatchObject({ value: 12, unit: null, text: '12' });
    expect(stat('shpages_written')).toMatchObject({ value: null, text: 'not recorded' });
    expect(p.restoreStats?.map((f) => [f.key, f.value])).toEqual([
      ['pages_compared', 3],
      ['pages_skipped_cow', 1],
      ['forking_time', 10],
      ['restore_time', 2000],
      ['pages_restored', null],
    ]);
    const inv = Object.fromEntries((p.inventory ?? []).map((f) => [f.key, f.text]));
    expect(inv).toMatchObject({
      img_version: '2',
      fdinfo_per_id: 'true',
      root_ids: 'vm 1, files 2, fs 3, sighand 4, net_ns 9',
      lsmtype: 'AppArmor',
      dump_uptime: '90061000000 µs (1d 1h 1m 1s since boot)',
      network_lock_method: 'nftables',
      plugins: 'amdgpu_plugin',
      dump_criu_run_id: '11111111-aaaa',
      tcp_close: 'not recorded',
    });
    expect(p.criuVersion).toBe('4.1.1');
    expect(p.kernel).toBe('host Linux 6.1.0 #1 SMP x86_64');
    expect(p.runIds).toEqual(['11111111-aaaa']);
    expect(p.criuSettings).toEqual(['Would overwrite RPC settings with values from /etc/criu/runc.conf']);
    expect(p.writer).toBe('checkpoint-inspector, via native, streamed');
    expect(p.pluginImages).toEqual([
      { name: 'checkpoint/amdgpu-kfd-1.img', size: 300, kind: 'AMD GPU plugin image (amdgpu)' },
      { name: 'checkpoint/mystery.img', size: 23, kind: expect.stringMatching(/not known/) },
    ]);
  });

  it('says what is absent or unreadable', async () => {
    const p = await provenance({
      'stats-dump': { data: Buffer.from('garbage') },
      'checkpoint/pstree.img': { data: 'x' },
    });
    expect(p.dumpStats).toBeNull();
    expect(p.inventory).toBeNull();
    expect(p.criuVersion).toBeNull();
    expect(p.problems.map((x) => x.where)).toContain('stats-dump');
  });
});
