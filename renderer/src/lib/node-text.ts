import { isValidElement, type ReactNode } from 'react';

/** The text a rendered cell shows, for sorting, export and copy when a column gives no value of its own. */
export function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode; title?: unknown }>(node)) {
    const inner = textOf(node.props.children);
    return inner || (typeof node.props.title === 'string' ? node.props.title : '');
  }
  return '';
}
