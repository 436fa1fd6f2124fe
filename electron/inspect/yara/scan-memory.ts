// Every live process's dumped memory, VMA by VMA: only the pages the
// checkpoint holds are bytes; the rest of each VMA is counted as not scanned.
import type { ProblemInfo, Vma } from '../../../shared/dto';
import { problemOf } from '../process-images';
import { liveProcesses, type MemoryRegions, type MemorySource } from '../search/memory-source';
import { counting, scanStretch, type ScanContext } from './scan-windows';

type Run = { start: number; end: number };

/** The present runs inside one VMA (runs ascending; `from` is where to start looking, advanced for the next VMA). */
function runsIn(runs: readonly Run[], vma: Vma, from: { i: number }): Run[] {
  while (from.i < runs.length && runs[from.i]!.end <= vma.start) from.i++;
  const out: Run[] = [];
  for (let k = from.i; k < runs.length && runs[k]!.start < vma.end; k++) {
    const start = Math.max(runs[k]!.start, vma.start);
    const end = Math.min(runs[k]!.end, vma.end);
    if (end > start) out.push({ start, end });
  }
  return out;
}

function reader(regions: MemoryRegions): (address: number, length: number, target: Buffer) => Promise<Buffer> {
  if (regions.readInto) return regions.readInto.bind(regions);
  return async (address, length, target) => {
    const data = await regions.read(address, length);
    data.copy(target);
    return target.subarray(0, length);
  };
}

export interface MemoryPlan {
  pid: number;
  comm: string;
  regions: MemoryRegions;
  vmas: Vma[];
}

/** Opens each process's regions and VMAs; a process that cannot be read is a problem, the others go on. */
export async function planMemory(source: MemorySource, problems: ProblemInfo[]): Promise<MemoryPlan[]> {
  const plans: MemoryPlan[] = [];
  for (const p of await liveProcesses(source)) {
    try {
      const regions = await source.regions(p.pid);
      const vmas = [...(await source.vmas(p.pid))].sort((a, b) => a.start - b.start);
      for (const problem of regions.problems)
        problems.push({
          ...problem,
          message: `memory of pid ${p.pid} (${p.comm}) partly not scanned: ${problem.message}`,
        });
      plans.push({ pid: p.pid, comm: p.comm, regions, vmas });
    } catch (error) {
      const problem = problemOf(error, `checkpoint/mm-${p.pid}.img`, p.pid);
      problems.push({ ...problem, message: `memory of pid ${p.pid} (${p.comm}) not scanned: ${problem.message}` });
    }
  }
  return plans;
}

export const planBytes = (plans: readonly MemoryPlan[]): number =>
  plans.reduce((sum, p) => sum + p.regions.runs.reduce((s, r) => s + r.end - r.start, 0), 0);

export async function scanMemory(plans: readonly MemoryPlan[], ctx: ScanContext): Promise<void> {
  const { scanner, hits, scanned, problems, opts } = ctx;
  const counted = counting(opts, (n) => (scanned.memoryBytes += n));
  for (const plan of plans) {
    const read = reader(plan.regions);
    const from = { i: 0 };
    scanned.processes++;
    for (const vma of plan.vmas) {
      const runs = runsIn(plan.regions.runs, vma, from);
      const present = runs.reduce((s, r) => s + r.end - r.start, 0);
      scanned.vmas++;
      scanned.notInCheckpointBytes += vma.end - vma.start - present;
      const unit = {
        target: 'memory' as const,
        pid: plan.pid,
        comm: plan.comm,
        vma: { start: vma.start, end: vma.end, prot: vma.prot, file: vma.file },
      };
      const key = `${plan.pid}:${vma.start}`;
      for (const run of runs) {
        try {
          await scanStretch(run.start, run.end, read, scanner, (m) => hits.add(key, unit, vma.start, m), counted);
        } catch (error) {
          opts.check?.();
          const problem = problemOf(error, `checkpoint/pages-*.img`, plan.pid);
          const range = `0x${run.start.toString(16)}-0x${run.end.toString(16)}`;
          problems.push({
            ...problem,
            message: `pid ${plan.pid} (${plan.comm}) ${range} not scanned: ${problem.message}`,
          });
        }
      }
    }
  }
}
