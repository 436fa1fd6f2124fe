// YARA over a real checkpoint: yara-target plants three strings the bundled
// rules match (a PEM private key on the heap, a stratum pool URL in an
// anonymous mmap, a reverse-shell command line in .bss) and says where; it is
// checkpointed through our CLI (CRI), and `yara` reports exactly those hits:
// rule, pid, address, and the VMA holding each.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YaraMemoryHit, YaraReport } from '../../shared/dto/yara';
import { runCliCaptured } from '../support/run-cli-captured';
import { checkpointArgs } from './support/cli-args';
import { ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { startYaraTarget, type YaraWorkload } from '../testbed/yara-workload';

const skip = testbedGate();

describe.skipIf(skip !== undefined)(`yara on a checkpoint of yara-target ${skip ?? ''}`, () => {
  let tb: TestbedState;
  let target: YaraWorkload;
  let archive: string;

  beforeAll(async () => {
    tb = await ensureTestbed('forky');
    target = await startYaraTarget(tb, 'h-yara-target');
    archive = path.join(tb.archiveDir, 'h-yara-target.tar');
    await rm(archive, { force: true });
    const r = await runCliCaptured(checkpointArgs(tb, target, 'cri', archive));
    expect(r.code, r.err).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await target?.remove();
    if (archive) await rm(archive, { force: true });
  });

  it('reports exactly the planted hits: rule, pid, address and VMA', async () => {
    const r = await runCliCaptured(['yara', archive, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as YaraReport;
    const { pid, key, pool, shell } = target.plants;
    const hits = report.hits.map((h) => {
      const m = h as YaraMemoryHit;
      return { rule: m.rule, target: m.target, pid: m.pid, comm: m.comm, address: m.address };
    });
    expect(hits.sort((a, b) => a.rule.localeCompare(b.rule))).toEqual([
      { rule: 'miner_stratum_url', target: 'memory', pid, comm: 'yara-target', address: pool },
      { rule: 'private_key_pem', target: 'memory', pid, comm: 'yara-target', address: key },
      { rule: 'reverse_shell_dev_tcp', target: 'memory', pid, comm: 'yara-target', address: shell },
    ]);
    for (const h of report.hits as YaraMemoryHit[]) {
      expect(h.vma.start).toBeLessThanOrEqual(h.address);
      expect(h.address).toBeLessThan(h.vma.end);
      expect(h.vma.prot).toBe('rw-p');
    }
    // The 1 MiB anonymous mapping: its own VMA, not file-backed.
    const poolHit = report.hits.find((h) => h.rule === 'miner_stratum_url') as YaraMemoryHit;
    expect(poolHit.vma.file).toBeNull();
    expect(poolHit.vma.end - poolHit.vma.start).toBeGreaterThanOrEqual(1 << 20);
    expect(report.scanned.processes).toBe(1);
    expect(report.problems).toEqual([]);
  });
});
