import type {
  SeccompAction,
  SeccompArchView,
  SeccompChainView,
  SeccompFilterInfo,
  SeccompSyscallVerdict,
} from '../../../shared/dto';
import { actionOf, precedence } from './actions';
import { seccompArches, type SeccompArch } from './arches';
import { BPF_STEP_BUDGET, type BpfInsn, CHAIN_STEP_BUDGET, parseFilter, runFilter } from './bpf';
import { insnText } from './listing';
import { arr, bytesField, isEntry, numField } from '../crit-values';

/** Listing lines kept per chain: enough for Docker's and containerd's default profiles. */
const MAX_LISTING_LINES = 4000;

/** An arch value no real architecture uses: what "any other architecture" is evaluated with. */
const OTHER_ARCH = 0;

export interface ImageFilter {
  index: number;
  /** Null when its bytes are not a BPF program (see problem). */
  prog: BpfInsn[] | null;
  prev: number | null;
  flags: number | null;
  problem: string | null;
}

/** seccomp.img's filters (seccomp_entry.seccomp_filters), each parsed. */
export function imageFilters(entries: readonly unknown[]): ImageFilter[] {
  const list = arr(entries.find(isEntry)?.['seccomp_filters']).filter(isEntry);
  return list.map((f, index) => {
    const bytes = bytesField(f, 'filter');
    let prog: BpfInsn[] | null = null;
    let problem: string | null = null;
    try {
      prog = parseFilter(bytes ?? new Uint8Array(0));
    } catch (e) {
      problem = (e as Error).message;
    }
    return { index, prog, prev: numField(f, 'prev'), flags: numField(f, 'flags'), problem };
  });
}

/** The chain from its newest filter back through prev (a loop or a dangling prev ends it). */
export function chainOf(
  filters: readonly ImageFilter[],
  top: number,
): { chain: ImageFilter[]; problem: string | null } {
  const chain: ImageFilter[] = [];
  const seen = new Set<number>();
  let at: number | null = top;
  while (at !== null) {
    if (seen.has(at)) return { chain, problem: `seccomp.img: filter ${at}'s prev chain loops` };
    const f: ImageFilter | undefined = filters[at];
    if (!f) return { chain, problem: `seccomp.img has no filter ${at} (named by a task or a prev)` };
    seen.add(at);
    chain.push(f);
    at = f.prev;
  }
  return { chain, problem: null };
}

/** Steps left for the chain being decoded. */
interface Budget {
  left: number;
}

/** Every value the chain can return: the kernel keeps the strictest answer; at a tie the newer filter's. */
function chainReturns(
  chain: readonly ImageFilter[],
  nr: number,
  auditArch: number,
  budget: Budget,
): Set<number | null> {
  let acc: Set<number | null> | null = null;
  for (const f of chain) {
    const outcome =
      f.prog && budget.left > 0 ? runFilter(f.prog, nr, auditArch, Math.min(BPF_STEP_BUDGET, budget.left)) : null;
    budget.left -= outcome?.steps ?? 0;
    const mine: Set<number | null> =
      !outcome || outcome.invalid !== null || outcome.exhausted ? new Set([null]) : outcome.returns;
    if (acc === null) {
      acc = mine;
      continue;
    }
    const next = new Set<number | null>();
    for (const a of acc)
      for (const b of mine) next.add(a === null || b === null ? null : precedence(b) < precedence(a) ? b : a);
    acc = next;
  }
  return acc ?? new Set([0x7fff0000]);
}

function verdict(
  chain: readonly ImageFilter[],
  nr: number,
  name: string,
  auditArch: number,
  budget: Budget,
): SeccompSyscallVerdict {
  const returns = [...chainReturns(chain, nr, auditArch, budget)];
  const known = returns.filter((r): r is number => r !== null).sort((a, b) => precedence(a) - precedence(b));
  const possible = [...known.map(actionOf), ...(returns.includes(null) ? [actionOf(null)] : [])];
  const action = possible[0] ?? actionOf(null);
  return { nr, name, action, dependsOnArgs: possible.length > 1 || returns.includes(null), possible };
}

function archView(chain: readonly ImageFilter[], arch: SeccompArch, budget: Budget): SeccompArchView {
  const syscalls = [...arch.syscalls].map(([nr, name]) => verdict(chain, nr, name, arch.auditArch, budget));
  const counts: Record<string, number> = {};
  for (const v of syscalls) {
    const key = v.dependsOnArgs ? 'depends on arguments' : v.action.text;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const byAction = new Map<string, { action: SeccompAction; n: number }>();
  for (const v of syscalls.filter((s) => !s.dependsOnArgs)) {
    const slot = byAction.get(v.action.text) ?? { action: v.action, n: 0 };
    slot.n++;
    byAction.set(v.action.text, slot);
  }
  const common = [...byAction.values()].sort((a, b) => b.n - a.n)[0];
  return {
    arch: arch.arch,
    auditArch: arch.auditArch,
    commonAction: common?.action ?? actionOf(null),
    syscalls,
    counts,
  };
}

function listing(chain: readonly ImageFilter[]): string[] {
  const lines: string[] = [];
  for (const f of chain) {
    lines.push(`filter ${f.index}${f.prev === null ? '' : ` (installed after filter ${f.prev})`}:`);
    if (!f.prog) lines.push(`  ${f.problem ?? 'unreadable'}`);
    else f.prog.forEach((insn, pc) => lines.push(`  ${String(pc).padStart(4)}: ${insnText(insn, pc)}`));
  }
  if (lines.length <= MAX_LISTING_LINES) return lines;
  return [...lines.slice(0, MAX_LISTING_LINES), `... ${lines.length - MAX_LISTING_LINES} more lines not shown`];
}

/** One chain, named by its newest filter, decoded for every architecture we have a table of. */
/** Decoded verdicts by the chain's instructions: CRIU saves one copy of a shared filter per task, decoded once. */
export type ChainCache = Map<string, { arches: SeccompArchView[]; otherArch: SeccompAction; budgetOut: boolean }>;

function contentKey(chain: readonly ImageFilter[]): string {
  return chain
    .map((f) => (f.prog ? f.prog.map((i) => `${i.code},${i.jt},${i.jf},${i.k}`).join(';') : `unreadable ${f.index}`))
    .join('|');
}

export function decodeChain(
  filters: readonly ImageFilter[],
  top: number,
  cache: ChainCache = new Map(),
): { view: SeccompChainView; problems: string[] } {
  const { chain, problem } = chainOf(filters, top);
  const problems = [
    ...(problem ? [problem] : []),
    ...chain.flatMap((f) => (f.problem ? [`filter ${f.index}: ${f.problem}`] : [])),
  ];
  for (const f of chain) {
    const invalid = f.prog ? runFilter(f.prog, 0, seccompArches()[0]!.auditArch).invalid : null;
    if (invalid) problems.push(`filter ${f.index}: ${invalid}`);
  }
  const info: SeccompFilterInfo[] = chain.map((f) => ({
    index: f.index,
    instructions: f.prog?.length ?? 0,
    prev: f.prev,
    flags: f.flags,
  }));
  const key = contentKey(chain);
  let decoded = cache.get(key);
  if (!decoded) {
    const budget: Budget = { left: CHAIN_STEP_BUDGET };
    const otherArch = verdict(chain, 0, 'any', OTHER_ARCH, budget).action;
    const arches = seccompArches().map((a) => archView(chain, a, budget));
    decoded = { arches, otherArch, budgetOut: budget.left <= 0 };
    cache.set(key, decoded);
  }
  const { arches, otherArch, budgetOut } = decoded;
  if (budgetOut)
    problems.push(
      `the filters took more than ${CHAIN_STEP_BUDGET} BPF steps to decode; syscalls past that point show as unknown`,
    );
  return {
    view: {
      top,
      filters: info,
      arches,
      otherArch,
      listing: listing(chain),
    },
    problems,
  };
}
