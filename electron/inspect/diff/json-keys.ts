// How a JSON list is compared: by identity, not by position. A different
// order of capabilities, mounts or environment variables is no difference.

/** Lists whose order is their meaning (a command line): compared by index. */
const ORDERED = new Set([
  'args',
  'command',
  'cmd',
  'cmdline',
  'entrypoint',
  'Entrypoint',
  'Cmd',
  'Args',
  'hooks',
  'uid',
  'gid',
]);

/** Fields that name an element of a list of objects, most specific first. */
const IDENTITY = [
  'destination',
  'container_path',
  'containerPath',
  'path',
  'name',
  'key',
  'type',
  'pid',
  'fd',
  'containerID',
  'id',
];

const NAME_VALUE = /^([^=]+)=/;

export type ListKeys = (item: unknown, index: number) => string;

const quoted = (k: string | number) => `[${JSON.stringify(k)}]`;

function identityField(items: readonly unknown[]): string | null {
  const objects = items.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!objects) return null;
  for (const field of IDENTITY) {
    const values = items.map((v) => (v as Record<string, unknown>)[field]);
    if (!values.every((x) => typeof x === 'string' || typeof x === 'number')) continue;
    if (new Set(values).size === values.length) return field;
  }
  return null;
}

/**
 * The key of each element of a list at `name` (the last key of its path):
 * `[3]` for ordered lists and lists with no identity, `["NAME"]` for
 * NAME=VALUE strings, `["CAP_KILL"]` for a set of strings (a repeated one
 * counted: `["x"]#2`), `["/proc"]` for objects by their identity field.
 */
export function listKeys(name: string, items: readonly unknown[]): ListKeys {
  const byIndex: ListKeys = (_v, i) => `[${i}]`;
  if (ORDERED.has(name)) return byIndex;
  if (items.every((v) => typeof v === 'string')) {
    const strings = items as string[];
    const names = strings.map((v) => NAME_VALUE.exec(v)?.[1]);
    if (names.every((n) => n !== undefined) && new Set(names).size === names.length)
      return (_v, i) => quoted(names[i] as string);
    const seen = new Map<string, number>();
    const keys = strings.map((v) => {
      const n = (seen.get(v) ?? 0) + 1;
      seen.set(v, n);
      return n === 1 ? quoted(v) : `${quoted(v)}#${n}`;
    });
    return (_v, i) => keys[i] as string;
  }
  if (items.every((v) => typeof v === 'number' || typeof v === 'boolean')) {
    const keys = listKeys(
      name,
      items.map((v) => String(v)),
    );
    return keys;
  }
  const field = identityField(items);
  if (field) return (v) => quoted((v as Record<string, string | number>)[field] as string | number);
  return byIndex;
}
