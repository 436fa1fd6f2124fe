export interface JsonNode {
  path: string;
  parent: string | null;
  depth: number;
  label: string;
  value: unknown;
  container: boolean;
  size: number;
}

const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

function childrenOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function node(path: string, parent: string | null, depth: number, label: string, value: unknown): JsonNode {
  const container = isContainer(value);
  return { path, parent, depth, label, value, container, size: container ? childrenOf(value).length : 0 };
}

/** Visible rows of the tree, depth first; `open` decides which containers show their children. */
export function flatten(
  root: unknown,
  rootLabel: string,
  open: (path: string) => boolean,
  keep?: Set<string>,
): JsonNode[] {
  const out: JsonNode[] = [];
  const stack: JsonNode[] = [node('$', null, 0, rootLabel, root)];
  while (stack.length > 0 && out.length < MAX_NODES) {
    const current = stack.pop() as JsonNode;
    if (keep && !keep.has(current.path)) continue;
    out.push(current);
    if (!current.container || current.depth >= MAX_DEPTH || !open(current.path)) continue;
    const kids = childrenOf(current.value);
    for (let i = kids.length - 1; i >= 0; i--) {
      const [label, value] = kids[i] as [string, unknown];
      stack.push(node(`${current.path}.${label}`, current.path, current.depth + 1, label, value));
    }
  }
  return out;
}

export function primitiveText(value: unknown): string {
  if (typeof value === 'string') return value;
  return String(value);
}

/** Paths that match the query, plus their ancestors, so the tree can show just those. */
export function matchingPaths(root: unknown, query: string): Set<string> {
  const needle = query.toLowerCase();
  const keep = new Set<string>();
  let visited = 0;
  const walk = (path: string, label: string, value: unknown, depth: number, ancestors: string[]): void => {
    if (++visited > MAX_NODES || depth > MAX_DEPTH) return;
    const hit =
      label.toLowerCase().includes(needle) ||
      (!isContainer(value) && primitiveText(value).toLowerCase().includes(needle));
    if (hit) {
      keep.add(path);
      for (const a of ancestors) keep.add(a);
    }
    const next = [...ancestors, path];
    for (const [k, v] of childrenOf(value)) walk(`${path}.${k}`, k, v, depth + 1, next);
  };
  walk('$', '', root, 0, []);
  return keep;
}
