/**
 * pax extended header records: "<len> <key>=<value>\n", len counting the
 * whole record in bytes. Only the keys we use are kept.
 */
export interface PaxValues {
  path?: string;
  linkpath?: string;
  size?: number;
  mtime?: number;
  uid?: number;
  gid?: number;
  /** GNU sparse files (GNU.sparse.*) are indexed as 'other'. */
  sparse?: boolean;
}

export type PaxResult = { ok: true; values: PaxValues } | { ok: false; reason: string };

const DECIMAL_INT = /^[0-9]{1,16}$/;
const DECIMAL_TIME = /^-?[0-9]{1,16}(\.[0-9]{0,9})?$/;

export function parsePax(data: Buffer): PaxResult {
  const values: PaxValues = {};
  let pos = 0;
  while (pos < data.length) {
    // Trailing NUL padding is tolerated (some writers pad the payload).
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    if (space === -1 || space - pos > 16) return { ok: false, reason: `record at byte ${pos}: no length` };
    const lenText = data.toString('latin1', pos, space);
    if (!DECIMAL_INT.test(lenText))
      return { ok: false, reason: `record at byte ${pos}: bad length ${JSON.stringify(lenText)}` };
    const len = Number(lenText);
    const end = pos + len;
    if (len <= space - pos + 1 || end > data.length) {
      return { ok: false, reason: `record at byte ${pos}: length ${len} runs past the header (${data.length} bytes)` };
    }
    if (data[end - 1] !== 0x0a) return { ok: false, reason: `record at byte ${pos}: no newline at its end` };
    const record = data.subarray(space + 1, end - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) return { ok: false, reason: `record at byte ${pos}: no key` };
    const key = record.toString('utf8', 0, eq);
    const value = record.toString('utf8', eq + 1);
    const problem = apply(values, key, value);
    if (problem !== null) return { ok: false, reason: `record ${key}: ${problem}` };
    pos = end;
  }
  return { ok: true, values };
}

function apply(values: PaxValues, key: string, value: string): string | null {
  switch (key) {
    case 'path':
      values.path = value;
      return null;
    case 'linkpath':
      values.linkpath = value;
      return null;
    case 'size':
    case 'uid':
    case 'gid': {
      if (!DECIMAL_INT.test(value)) return `not a decimal integer: ${JSON.stringify(value.slice(0, 40))}`;
      const n = Number(value);
      if (!Number.isSafeInteger(n)) return 'value too large';
      values[key] = n;
      return null;
    }
    case 'mtime':
      if (!DECIMAL_TIME.test(value)) return `not a time: ${JSON.stringify(value.slice(0, 40))}`;
      values.mtime = Number(value);
      return null;
    default:
      if (key.startsWith('GNU.sparse.')) values.sparse = true;
      return null;
  }
}
