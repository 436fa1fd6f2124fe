import { MAX_TREE_INDENT } from '../../inspect/limits';

/** A tree printed like Go's treeprint (as checkpointctl's `inspect` does). */
export class TreeNode {
  readonly children: TreeNode[] = [];

  constructor(readonly text: string) {}

  add(text: string): TreeNode {
    const node = new TreeNode(text);
    this.children.push(node);
    return node;
  }

  /** A branch with a meta tag, printed `[meta]  text`. */
  addMeta(meta: string, text: string): TreeNode {
    return this.add(`[${meta}]  ${text}`);
  }

  /**
   * The tree as text, walked without recursion. Indentation stops growing at
   * MAX_TREE_INDENT levels: a deeper line is drawn at that level and starts
   * with its depth, `⋯[depth N]`, so a chain of any length prints in space
   * linear in its length.
   */
  render(maxIndent: number = MAX_TREE_INDENT): string {
    const lines: string[] = [this.text];
    // Each frame: a node whose children are still to print, the next one, its prefix and depth.
    const stack: Array<{ node: TreeNode; next: number; prefix: string; depth: number }> = [
      { node: this, next: 0, prefix: '', depth: 0 },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as (typeof stack)[number];
      if (frame.next >= frame.node.children.length) {
        stack.pop();
        continue;
      }
      const child = frame.node.children[frame.next] as TreeNode;
      const last = frame.next === frame.node.children.length - 1;
      frame.next++;
      const deep = frame.depth >= maxIndent ? `⋯[depth ${frame.depth + 1}] ` : '';
      const [first, ...rest] = child.text.split('\n');
      lines.push(`${frame.prefix}${last ? '└── ' : '├── '}${deep}${first ?? ''}`);
      const inner = frame.depth >= maxIndent ? frame.prefix : frame.prefix + (last ? '    ' : '│   ');
      for (const more of rest) lines.push(`${inner}${more}`);
      if (child.children.length > 0) stack.push({ node: child, next: 0, prefix: inner, depth: frame.depth + 1 });
    }
    return `${lines.join('\n')}\n`;
  }
}
