import type { JsonChange } from '../../../shared/dto/forensics';
import { maskValue } from '../findings/mask';
import { nameRule, textHits } from '../findings/rules';
import { markOf } from '../../../shared/diff-text';
import { listKeys } from './json-keys';

export const MAX_JSON_CHANGES = 2000;
const MAX_DEPTH = 64;

/** Every leaf by its path; list elements by their identity (json-keys.ts), so an order alone changes no path. */
function leaves(value: unknown, path: string, out: Map<string, unknown>, depth = 0, name = ''): void {
  if (out.size > 200_000) return;
  if (depth < MAX_DEPTH && Array.isArray(value) && value.length > 0) {
    const key = listKeys(name, value);
    value.forEach((v, i) => leaves(v, `${path}${key(v, i)}`, out, depth + 1, name));
  } else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out, depth + 1, k);
  } else {
    out.set(path, value);
  }
}

/** A value that looks like a credential is shown masked, as in the findings. */
export function redact(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const eq = value.indexOf('=');
  if (eq > 0 && nameRule(value.slice(0, eq), 'spec'))
    return `${value.slice(0, eq + 1)}${maskValue(value.slice(eq + 1))}`;
  return textHits(value, 'config').length > 0 ? maskValue(value) : value;
}

/** Leaf-by-leaf differences of two JSON documents (paths like `process.env["PATH"]`, `args[0]`). */
export function jsonDiff(a: unknown, b: unknown): JsonChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  leaves(a, '', left);
  leaves(b, '', right);
  const changes: JsonChange[] = [];
  for (const path of new Set([...left.keys(), ...right.keys()])) {
    const before = left.has(path) ? left.get(path) : undefined;
    const after = right.has(path) ? right.get(path) : undefined;
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const [shownBefore, shownAfter] = [
      before === undefined ? null : redact(before),
      after === undefined ? null : redact(after),
    ];
    changes.push({
      path,
      before: shownBefore,
      after: shownAfter,
      change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      mark: before === undefined || after === undefined ? null : markOf(shownBefore, shownAfter),
    });
    if (changes.length >= MAX_JSON_CHANGES) break;
  }
  return changes;
}
