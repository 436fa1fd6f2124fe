import type { JsonNode } from './flatten';

/** A value shown as text: archive data never becomes markup. */
export function JsonValue({ node, open }: { node: JsonNode; open: boolean }) {
  const { value } = node;
  if (node.container) {
    const array = Array.isArray(value);
    const summary = array ? `[${open ? '' : '…'}] ${node.size} items` : `{${open ? '' : '…'}} ${node.size} keys`;
    return <span className="json-summary">{summary}</span>;
  }
  if (typeof value === 'string') {
    const shown = value.length > 2000 ? `${value.slice(0, 2000)}… (${value.length} chars)` : value;
    return <span className="tok-string">&quot;{shown}&quot;</span>;
  }
  if (typeof value === 'number' || typeof value === 'bigint')
    return <span className="tok-number">{String(value)}</span>;
  return <span className="tok-keyword">{String(value)}</span>;
}
