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

  render(): string {
    const lines: string[] = [this.text];
    const walk = (node: TreeNode, prefix: string): void => {
      node.children.forEach((child, i) => {
        const last = i === node.children.length - 1;
        const [first, ...rest] = child.text.split('\n');
        lines.push(`${prefix}${last ? '└── ' : '├── '}${first ?? ''}`);
        for (const more of rest) lines.push(`${prefix}${last ? '    ' : '│   '}${more}`);
        walk(child, prefix + (last ? '    ' : '│   '));
      });
    };
    walk(this, '');
    return `${lines.join('\n')}\n`;
  }
}
