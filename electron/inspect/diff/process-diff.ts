import type { MemoryUsageRow, ProcessDetail, ProcessInfo } from '../../../shared/dto';
import type { ProcessChange } from '../../../shared/dto/forensics';
import { markOf } from '../../../shared/diff-text';
import { maskValue } from '../findings/mask';
import { nameRule } from '../findings/rules';
import { jsonDiff } from './json-diff';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface ProcessFacts {
  info: ProcessInfo;
  detail: Pick<ProcessDetail, 'environment' | 'credentials'> | null;
  memory: MemoryUsageRow | null;
}

type Detail = ProcessChange['details'][number];

const detail = (field: string, before: unknown, after: unknown): Detail => ({
  field,
  before,
  after,
  mark: markOf(before, after),
});

function envValue(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  return nameRule(name, 'environment') ? maskValue(value) : value;
}

/** One detail per variable added, removed or changed, by name (the order of the environment is no change). */
function envDetails(a: ProcessFacts, b: ProcessFacts): Detail[] {
  const left = new Map((a.detail?.environment ?? []).map((v) => [v.name, v.value]));
  const right = new Map((b.detail?.environment ?? []).map((v) => [v.name, v.value]));
  const names = [...new Set([...left.keys(), ...right.keys()])].filter((n) => left.get(n) !== right.get(n));
  return names.map((n) => detail(`environment["${n}"]`, envValue(n, left.get(n)), envValue(n, right.get(n))));
}

/**
 * What changed in one process (same pid in both dumps); null when nothing
 * did. Capabilities and groups are sets (one detail per name added or
 * removed), the environment is keyed by name. Memory is compared apart.
 */
export function processChange(a: ProcessFacts, b: ProcessFacts): ProcessChange | null {
  const details: Detail[] = [];
  const fields: string[] = [];
  const add = (field: string, list: Detail[]) => {
    if (list.length === 0) return;
    fields.push(field);
    details.push(...list);
  };
  const check = (field: string, before: unknown, after: unknown) =>
    add(field, same(before, after) ? [] : [detail(field, before, after)]);
  check('comm', a.info.comm, b.info.comm);
  check('ppid', a.info.ppid, b.info.ppid);
  check('state', a.info.state, b.info.state);
  check('cmdline', a.info.cmdline, b.info.cmdline);
  const [ca, cb] = [a.detail?.credentials ?? null, b.detail?.credentials ?? null];
  if (ca && cb)
    add(
      'credentials',
      jsonDiff(ca, cb).map((c) => ({ field: `credentials.${c.path}`, before: c.before, after: c.after, mark: c.mark })),
    );
  else check('credentials', ca, cb);
  add('environment', envDetails(a, b));
  if (details.length === 0) return null;
  return { pid: b.info.pid, comm: b.info.comm, fields, details };
}
