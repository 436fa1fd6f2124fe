/**
 * Readers for decoded CRIU entries in crit's JSON shape. The decoder may hand
 * numbers as numbers, bigints or (pretty form) decimal/hex strings, and enums
 * as names or numbers; every reader here accepts all of them so that a view
 * never depends on which form it was given, and never trusts a field's type.
 */

export type Entry = Record<string, unknown>;

export function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function obj(value: unknown): Entry | null {
  return isEntry(value) ? value : null;
}

export function field(entry: unknown, name: string): unknown {
  return isEntry(entry) ? entry[name] : undefined;
}

export function sub(entry: unknown, name: string): Entry | null {
  return obj(field(entry, name));
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A number, or null when absent or not numeric. Hex strings ("0x1f") are accepted. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const s = value.trim();
    if (/^-?0x[0-9a-f]+$/i.test(s)) {
      const neg = s.startsWith('-');
      const n = Number(BigInt(neg ? s.slice(1) : s));
      return neg ? -n : n;
    }
    if (/^-?\d+$/.test(s)) return Number(s);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

export function numField(entry: unknown, name: string): number | null {
  return num(field(entry, name));
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function strField(entry: unknown, name: string): string | null {
  return str(field(entry, name));
}

export function boolField(entry: unknown, name: string): boolean {
  const v = field(entry, name);
  return v === true || v === 1 || v === 'true';
}

/** Numbers of a repeated numeric field. */
export function nums(value: unknown): number[] {
  return arr(value)
    .map(num)
    .filter((n): n is number => n !== null);
}

/**
 * An enum as its name: crit writes names; a numeric form is mapped through
 * the table, unknown numbers become `UNKNOWN(n)`.
 */
export function enumName(value: unknown, table: Readonly<Record<number, string>>): string | null {
  if (typeof value === 'string' && !/^-?(0x)?[0-9a-f]+$/i.test(value)) return value;
  const n = num(value);
  if (n === null) return null;
  return table[n] ?? `UNKNOWN(${n})`;
}

/**
 * A bit set as a number: numeric forms pass through; a pretty form
 * ("PROT_READ | PROT_WRITE") is mapped back through the table of bit names.
 */
export function flagsValue(value: unknown, table: ReadonlyArray<readonly [number, string]>): number {
  const n = num(value);
  if (n !== null) return n;
  if (typeof value !== 'string') return 0;
  let out = 0;
  for (const part of value.split('|').map((p) => p.trim())) {
    const hit = table.find(([, name]) => name === part);
    if (hit) out += hit[0];
    else {
      const pn = num(part);
      if (pn !== null) out += pn;
    }
  }
  return out;
}

/** Bytes of a `bytes` field: crit writes base64; a decoder may give arrays. */
export function bytesField(entry: unknown, name: string): Uint8Array | null {
  const v = field(entry, name);
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return Uint8Array.from(nums(v).map((b) => b & 0xff));
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
  return null;
}

/** Names of the bits set in a value, lowest bit first; unknown bits as hex. */
export function bitNames(value: number, table: ReadonlyArray<readonly [number, string]>): string[] {
  const out: string[] = [];
  let rest = BigInt(Math.max(0, Math.trunc(value)));
  for (const [bit, name] of table) {
    const b = BigInt(bit);
    if (b !== 0n && (rest & b) === b) {
      out.push(name);
      rest &= ~b;
    }
  }
  if (rest !== 0n) out.push(`0x${rest.toString(16)}`);
  return out;
}
