/**
 * Where two JSON values differ on what both have: every key path present in
 * both whose values are not equal, one line each (`[]` when they agree).
 * Keys only one side has are not differences (ours may add keys). Arrays
 * must have the same length; arrays of objects with a `pid` are matched by
 * pid, since checkpointctl builds process children from a Go map and their
 * order varies between runs.
 */
export function sharedKeyDifferences(checkpointctl: unknown, ours: unknown): string[] {
  const out: string[] = [];
  compare(checkpointctl, ours, '$', out);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

function pidOf(v: unknown): number | undefined {
  return isObject(v) && typeof v['pid'] === 'number' ? v['pid'] : undefined;
}

function compareArrays(a: unknown[], b: unknown[], path: string, out: string[]): void {
  if (a.length !== b.length) out.push(`${path}: ${a.length} items in checkpointctl's, ${b.length} in ours`);
  const byPid = a.every((x) => pidOf(x) !== undefined) && b.every((x) => pidOf(x) !== undefined);
  if (byPid) {
    const theirs = new Map(b.map((x) => [pidOf(x), x]));
    for (const x of a) {
      const pid = pidOf(x);
      if (theirs.has(pid)) compare(x, theirs.get(pid), `${path}[pid=${pid}]`, out);
      else out.push(`${path}[pid=${pid}]: missing in ours`);
    }
    return;
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) compare(a[i], b[i], `${path}[${i}]`, out);
}

function compare(a: unknown, b: unknown, path: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b, path, out);
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) if (key in b) compare(a[key], b[key], `${path}.${key}`, out);
    return;
  }
  if (a !== b) out.push(`${path}: checkpointctl ${show(a)}, ours ${show(b)}`);
}
