// The details drawer's facts from a container's OCI spec (containerd's record
// holds it as an Any whose value is JSON). The spec is the runtime's input and
// may be anything: every field is checked, lists and strings are bounded, and
// what is missing or cut is said in `problem`, never shown as an empty list.
import type { ContainerDetails } from '../../shared/dto';
import type { ContainerRecord } from './messages';
import { readSpec } from './oci-spec';

export const MAX_DETAIL_ITEMS = 1000;
const MAX_CHARS = 4096;

const str = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, MAX_CHARS) : null);
const none = (problem: string): ContainerDetails => ({
  mounts: [],
  annotations: {},
  cgroupsPath: null,
  namespaces: [],
  problem,
});

export function containerDetails(record: Pick<ContainerRecord, 'spec'>): ContainerDetails {
  const { spec, problem } = readSpec(record);
  if (!spec) return none(problem);
  const s = spec as { mounts?: unknown; annotations?: unknown; linux?: unknown };
  const cut: string[] = [];
  const list = (v: unknown, what: string): unknown[] => {
    if (!Array.isArray(v)) return [];
    if (v.length > MAX_DETAIL_ITEMS) cut.push(`${v.length} ${what}, the first ${MAX_DETAIL_ITEMS} shown`);
    return v.slice(0, MAX_DETAIL_ITEMS);
  };
  const mounts = list(s.mounts, 'mounts').flatMap((m) => {
    const o = (m ?? {}) as { destination?: unknown; type?: unknown; source?: unknown; options?: unknown };
    const destination = str(o.destination);
    if (destination === null) return [];
    const options = Array.isArray(o.options) ? o.options.slice(0, 64).flatMap((x) => str(x) ?? []) : [];
    return [{ destination, type: str(o.type), source: str(o.source), options }];
  });
  const annotations: Record<string, string> = {};
  if (typeof s.annotations === 'object' && s.annotations !== null && !Array.isArray(s.annotations)) {
    const entries = Object.entries(s.annotations as Record<string, unknown>);
    if (entries.length > MAX_DETAIL_ITEMS)
      cut.push(`${entries.length} annotations, the first ${MAX_DETAIL_ITEMS} shown`);
    for (const [k, v] of entries.slice(0, MAX_DETAIL_ITEMS)) {
      const text = str(v);
      if (text !== null) annotations[k.slice(0, MAX_CHARS)] = text;
    }
  }
  const linux = (typeof s.linux === 'object' && s.linux !== null ? s.linux : {}) as {
    cgroupsPath?: unknown;
    namespaces?: unknown;
  };
  const namespaces = list(linux.namespaces, 'namespaces').flatMap((n) => {
    const o = (n ?? {}) as { type?: unknown; path?: unknown };
    const type = str(o.type);
    return type === null ? [] : [{ type, path: str(o.path) }];
  });
  return {
    mounts,
    annotations,
    cgroupsPath: str(linux.cgroupsPath),
    namespaces,
    problem: cut.length > 0 ? `the OCI spec holds ${cut.join('; ')}` : null,
  };
}
