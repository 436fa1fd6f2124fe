import type { RootfsEntry } from '../../../../../shared/dto';

export interface RootfsNode {
  name: string;
  path: string;
  entry: RootfsEntry | null;
  children: RootfsNode[];
}

export interface RootfsRow {
  node: RootfsNode;
  depth: number;
}

const MAX_DEPTH = 128;

export function normalize(path: string): string {
  return (
    '/' +
    path
      .split('/')
      .filter((p) => p && p !== '.')
      .join('/')
  );
}

/** Folders the tar names only implicitly still get a node. */
export function buildTree(entries: RootfsEntry[]): RootfsNode {
  const root: RootfsNode = { name: '/', path: '/', entry: null, children: [] };
  const byPath = new Map<string, RootfsNode>([['/', root]]);
  for (const entry of entries) {
    const parts = normalize(entry.path).split('/').filter(Boolean).slice(0, MAX_DEPTH);
    let parent = root;
    let path = '';
    parts.forEach((name, i) => {
      path += '/' + name;
      let node = byPath.get(path);
      if (!node) {
        node = { name, path, entry: null, children: [] };
        byPath.set(path, node);
        parent.children.push(node);
      }
      if (i === parts.length - 1) node.entry = entry;
      parent = node;
    });
  }
  const sort = (n: RootfsNode) => {
    n.children.sort(
      (a, b) => Number(b.children.length > 0) - Number(a.children.length > 0) || a.name.localeCompare(b.name),
    );
    n.children.forEach(sort);
  };
  sort(root);
  return root;
}

export function visibleRootfsRows(
  root: RootfsNode,
  open: (path: string, depth: number) => boolean,
  query: string,
): RootfsRow[] {
  const needle = query.trim().toLowerCase();
  const keep = new Set<string>();
  if (needle) {
    const walk = (n: RootfsNode, trail: string[]): void => {
      if (n.path.toLowerCase().includes(needle) && n.path !== '/') [...trail, n.path].forEach((p) => keep.add(p));
      n.children.forEach((c) => walk(c, [...trail, n.path]));
    };
    walk(root, []);
  }
  const out: RootfsRow[] = [];
  const stack: RootfsRow[] = [...root.children].reverse().map((node) => ({ node, depth: 0 }));
  while (stack.length > 0) {
    const row = stack.pop() as RootfsRow;
    if (needle && !keep.has(row.node.path)) continue;
    out.push(row);
    if (row.node.children.length > 0 && (needle || open(row.node.path, row.depth))) {
      for (let i = row.node.children.length - 1; i >= 0; i--) {
        stack.push({ node: row.node.children[i] as RootfsNode, depth: row.depth + 1 });
      }
    }
  }
  return out;
}
