/** Small checkpoint archives around one member under test (fast to write and open per case). */
import fc from 'fast-check';
import { END, entry, file } from '../../hostile/tar-writer';

export function outerArchive(members: readonly (readonly [string, Buffer])[]): Buffer {
  const parts = [entry({ name: 'checkpoint/', type: '5', mode: 0o755 })];
  for (const [name, data] of members) parts.push(file(name, data));
  return Buffer.concat([...parts, END]);
}

/** Header offsets of a plain tar, walking sizes (octal only; enough for hints). */
export function headerOffsets(tar: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos + 512 <= tar.length && out.length < 1000;) {
    if (tar.subarray(pos, pos + 512).every((b) => b === 0)) break;
    out.push(pos);
    const size = parseInt(
      tar
        .subarray(pos + 124, pos + 136)
        .toString('latin1')
        .replace(/\0.*$/, '')
        .trim() || '0',
      8,
    );
    pos += 512 + Math.ceil((Number.isFinite(size) ? size : 0) / 512) * 512;
  }
  return out;
}

/** A change to a JSON document: at a path of indices (into keys or items), set a value or delete. */
export interface JsonEdit {
  path: number[];
  value: unknown;
  remove: boolean;
}

export const jsonEditArb: fc.Arbitrary<JsonEdit> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      null,
      '',
      -1,
      2 ** 64,
      1e308,
      'x'.repeat(70_000),
      [],
      {},
      '../../etc/passwd',
      '2026-99-99T99:99:99Z',
    ),
  ),
  remove: fc.boolean(),
});

export function applyJsonEdit(doc: unknown, edit: JsonEdit): unknown {
  if (typeof doc !== 'object' || doc === null) return edit.value;
  const root = structuredClone(doc) as Record<string, unknown> | unknown[];
  let node: Record<string, unknown> | unknown[] = root;
  for (let depth = 0; depth < edit.path.length; depth++) {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[edit.path[depth]! % keys.length]!;
    const child: unknown = (node as Record<string | number, unknown>)[key];
    const last = depth === edit.path.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      if (edit.remove && !Array.isArray(node)) delete node[key as string];
      else (node as Record<string | number, unknown>)[key] = edit.value;
      break;
    }
    node = child as Record<string, unknown> | unknown[];
  }
  return root;
}
