import type { MemoryUsageRow, ProcessDetail, ProcessInfo } from '../../../shared/dto';
import type { ProcessChange } from '../../../shared/dto/forensics';
import { maskValue } from '../findings/mask';
import { nameRule } from '../findings/rules';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface ProcessFacts {
  info: ProcessInfo;
  detail: Pick<ProcessDetail, 'environment' | 'credentials'> | null;
  memory: MemoryUsageRow | null;
}

function envChanges(a: ProcessFacts, b: ProcessFacts): { added: string[]; removed: string[]; changed: string[] } {
  const left = new Map((a.detail?.environment ?? []).map((v) => [v.name, v.value]));
  const right = new Map((b.detail?.environment ?? []).map((v) => [v.name, v.value]));
  return {
    added: [...right.keys()].filter((k) => !left.has(k)),
    removed: [...left.keys()].filter((k) => !right.has(k)),
    changed: [...right.keys()].filter((k) => left.has(k) && left.get(k) !== right.get(k)),
  };
}

function envValue(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  return nameRule(name, 'environment') ? maskValue(value) : value;
}

/** What changed in one process (same pid in both dumps); null when nothing did. Memory sizes are listed apart: they change at every dump. */
export function processChange(a: ProcessFacts, b: ProcessFacts): ProcessChange | null {
  const details: ProcessChange['details'] = [];
  const check = (field: string, before: unknown, after: unknown) => {
    if (!same(before, after)) details.push({ field, before, after });
  };
  check('comm', a.info.comm, b.info.comm);
  check('ppid', a.info.ppid, b.info.ppid);
  check('state', a.info.state, b.info.state);
  check('cmdline', a.info.cmdline, b.info.cmdline);
  const [ca, cb] = [a.detail?.credentials ?? null, b.detail?.credentials ?? null];
  if (ca && cb) {
    // Only the credential fields that differ, not the whole capability lists twice.
    const keys = (Object.keys(cb) as (keyof typeof cb)[]).filter((k) => !same(ca[k], cb[k]));
    if (keys.length > 0)
      details.push({
        field: 'credentials',
        before: Object.fromEntries(keys.map((k) => [k, ca[k]])),
        after: Object.fromEntries(keys.map((k) => [k, cb[k]])),
      });
  } else check('credentials', ca, cb);
  const env = envChanges(a, b);
  if (env.added.length + env.removed.length + env.changed.length > 0) {
    const left = new Map((a.detail?.environment ?? []).map((v) => [v.name, v.value]));
    const right = new Map((b.detail?.environment ?? []).map((v) => [v.name, v.value]));
    const names = [...env.added, ...env.removed, ...env.changed];
    details.push({
      field: 'environment',
      before: Object.fromEntries(names.filter((n) => left.has(n)).map((n) => [n, envValue(n, left.get(n))])),
      after: Object.fromEntries(names.filter((n) => right.has(n)).map((n) => [n, envValue(n, right.get(n))])),
    });
  }
  if (details.length === 0) return null;
  return { pid: b.info.pid, comm: b.info.comm, fields: details.map((d) => d.field), details };
}
