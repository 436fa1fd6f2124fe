import { MAX_JSON_INDENT } from '../limits';

/** An array or object being written: its items, the next one, and its level. */
type Frame = { of: object; close: string; items: Array<[string | null, unknown]>; next: number; level: number };

/** Levels a part may nest and still be written by JSON.stringify in one piece. */
const NATIVE_DEPTH = 3;
/** Longest array of scalars JSON.stringify may write one element a line; a longer one is written on one line. */
const NATIVE_ARRAY = 8;
/** Values a part may hold and still be written in one piece (long lists go item by item: no huge copies). */
const NATIVE_VALUES = 256;
/** Parts joined into one chunk. */
const CHUNK_PARTS = 4096;

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function plain(value: unknown): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON: () => unknown }).toJSON()
    : value;
}

/**
 * Whether JSON.stringify may write `value` indented in one piece: it nests
 * at most NATIVE_DEPTH levels, holds at most NATIVE_VALUES values and no long
 * array of scalars. The scan stops after NATIVE_VALUES values, so it costs
 * little more than writing.
 */
function nativeSafe(value: unknown): boolean {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (isScalar(v)) continue;
    if (depth >= NATIVE_DEPTH || (typeof (v as { toJSON?: unknown }).toJSON === 'function' && depth > 0)) return false;
    const items = Array.isArray(v) ? v : Object.values(v as object);
    values += items.length;
    if (values > NATIVE_VALUES) return false;
    if (Array.isArray(v) && v.length > NATIVE_ARRAY && v.every(isScalar)) return false;
    for (const x of items) if (!isScalar(x)) stack.push({ v: x, depth: depth + 1 });
  }
  return true;
}

/**
 * JSON text of plain data, as JSON.stringify(value, null, indent) would
 * write it but without recursion, with indentation that stops growing at
 * `maxLevels` levels, and with long arrays of scalars on one line. A report
 * nests a process tree many levels deep and can list millions of thread ids:
 * indented per level and per element, its size would grow with depth times
 * length. Shallow parts (problems, rows) are written by JSON.stringify
 * itself. `end` is appended (a newline), so the text is made once. JSON.parse
 * reads the result back to the same value.
 */
export function boundedJson(value: unknown, indent = 2, end = '', maxLevels = MAX_JSON_INDENT): string {
  // Parts are joined into chunks as they come: a million small strings cost more than their text.
  const chunks: string[] = [];
  let parts: string[] = [];
  const flush = () => {
    chunks.push(parts.join(''));
    parts = [];
  };
  const stack: Frame[] = [];
  const open = new Set<object>();
  const pad = (level: number) => ' '.repeat(indent * Math.min(level, maxLevels));
  const write = (raw: unknown, level: number): void => {
    const v = plain(raw);
    if (isScalar(v)) {
      // JSON.stringify's own forms: NaN and Infinity are null, undefined in an array is null.
      parts.push(JSON.stringify(v) ?? 'null');
      return;
    }
    const container = v as object;
    if (open.has(container)) throw new TypeError('boundedJson: a value contains itself');
    if (Array.isArray(container) && container.every(isScalar)) {
      parts.push(JSON.stringify(container));
      return;
    }
    if (nativeSafe(container)) {
      const text = JSON.stringify(container, null, indent);
      parts.push(level === 0 ? text : text.replace(/\n/g, `\n${pad(level)}`));
      return;
    }
    const items: Array<[string | null, unknown]> = Array.isArray(container)
      ? container.map((x: unknown) => [null, x])
      : Object.entries(container).filter(([, x]) => x !== undefined && typeof x !== 'function');
    stack.push({ of: container, close: Array.isArray(container) ? ']' : '}', items, next: 0, level });
    parts.push(Array.isArray(container) ? '[' : '{');
    open.add(container);
  };
  write(value, 0);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.items.length) {
      parts.push(`\n${pad(frame.level)}${frame.close}`);
      stack.pop();
      open.delete(frame.of);
      continue;
    }
    const [key, item] = frame.items[frame.next] as [string | null, unknown];
    parts.push(
      `${frame.next > 0 ? ',' : ''}\n${pad(frame.level + 1)}${key === null ? '' : `${JSON.stringify(key)}: `}`,
    );
    frame.next++;
    write(item, frame.level + 1);
    if (parts.length >= CHUNK_PARTS) flush();
  }
  parts.push(end);
  flush();
  return chunks.join('');
}
