import type { ProblemInfo } from '../../../shared/dto';
import { problemOf } from '../process-images';
import { liveProcesses, type MemorySource } from '../search/memory-source';
import type { Matcher, RawMatch } from '../search/pattern';
import { scanRegions } from '../search/scan';
import { location, type FindingCollector } from './collector';
import { forEachRuleMatch, RuleText } from './anchored-scan';
import { RULES, type Rule } from './rules';

/** Secrets longer than this in memory are cut at chunk edges (none of the rules needs more). */
const MAX_SECRET = 512;
const MAX_HITS_PER_PROCESS = 2000;

/** All memory rules in one pass per chunk; the rule of each hit is kept beside it. */
class RulesMatcher implements Matcher {
  readonly maxLength = MAX_SECRET;
  constructor(private readonly rules: readonly Rule[]) {}
  find(chunk: Buffer, ownedEnd: number, emit: (m: RawMatch) => boolean): void {
    const text = chunk.toString('latin1');
    const t = new RuleText(text, chunk);
    const final = ownedEnd >= chunk.length;
    let more = true;
    for (const rule of this.rules) {
      forEachRuleMatch(rule, t, { until: ownedEnd, maxLength: MAX_SECRET, group: rule.group, final }, (m) => {
        const [from, to] = m.groupStart < 0 ? [m.start, m.end] : [m.groupStart, m.groupEnd];
        const value = text.slice(from, to);
        more = emit({ index: m.start, length: m.end - m.start, encoding: 'regex', label: rule.id, value });
        return more;
      });
      if (!more) return;
    }
  }
}

/** Bytes of dumped memory scanned so far, of all there is to scan (a job's progress). */
export type MemoryProgress = (done: number, total: number) => void;

/** Scans every live process's dumped memory with the rules that apply to memory. */
export async function memoryFindings(
  source: MemorySource,
  collector: FindingCollector,
  signal?: AbortSignal,
  onBytes?: MemoryProgress,
): Promise<ProblemInfo[]> {
  const problems: ProblemInfo[] = [];
  const rules = RULES.filter((r) => r.target === 'text' && r.sources.has('memory'));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const matcher = new RulesMatcher(rules);
  const notScanned = (p: { pid: number; comm: string }, error: unknown) => {
    const problem = problemOf(error, `checkpoint/pagemap-${p.pid}.img`, p.pid);
    problems.push({
      ...problem,
      message: `memory of pid ${p.pid} (${p.comm}) not scanned in full: ${problem.message}`,
    });
  };
  // Every process's regions first: the total to scan is known before the first byte (progress of a whole).
  const plans: { p: { pid: number; comm: string }; regions: Awaited<ReturnType<MemorySource['regions']>> }[] = [];
  for (const p of await liveProcesses(source)) {
    try {
      plans.push({ p, regions: await source.regions(p.pid) });
    } catch (error) {
      if (signal?.aborted) throw error;
      notScanned(p, error);
    }
  }
  const total = plans.reduce((n, { regions }) => n + regions.runs.reduce((m, r) => m + (r.end - r.start), 0), 0);
  let done = 0;
  onBytes?.(0, total);
  for (const { p, regions } of plans) {
    try {
      for (const problem of regions.problems)
        problems.push({ ...problem, message: `memory of pid ${p.pid} (${p.comm}) partly skipped: ${problem.message}` });
      let hits = 0;
      const complete = await scanRegions(regions, matcher, {
        ...(signal ? { signal } : {}),
        onBytes: (owned) => {
          done += owned;
          onBytes?.(done, total);
        },
        onHit: (hit) => {
          const rule = byId.get(hit.label ?? '');
          if (rule && hit.value) {
            const where = `pid ${p.pid} (${p.comm}) memory 0x${hit.address.toString(16)}`;
            collector.add(rule, hit.value, null, location('memory', where, { pid: p.pid, address: hit.address }));
          }
          return ++hits < MAX_HITS_PER_PROCESS;
        },
      });
      if (!complete)
        problems.push({
          where: `pid ${p.pid}`,
          pid: p.pid,
          code: 'LIMIT_EXCEEDED',
          message: `memory scan stopped after ${MAX_HITS_PER_PROCESS} hits`,
        });
    } catch (error) {
      if (signal?.aborted) throw error;
      notScanned(p, error);
    }
  }
  return problems;
}
