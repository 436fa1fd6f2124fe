// The `sha256sum` text format, written and read as GNU coreutils does: `HEX
// NAME` (two spaces, or a space and `*` for binary mode); a name holding a
// backslash, newline or carriage return is escaped (`\\`, `\n`, `\r`) and its
// line starts with a backslash. Other terminal controls in a name (hostile
// archives) are written as `\xHH` / `\uHHHH` the same way, so a list is safe
// on a terminal and still reads back to the same names. BSD tags
// (`SHA256 (NAME) = HEX`) are read too.
// Lists come from anywhere, so every line that is not an entry is a problem
// naming its line, never skipped unsaid.
import type { IntegrityHashes, ProblemInfo } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';

export interface HashListEntry {
  line: number;
  name: string;
  sha256: string;
}

/** Lines read at most; more is a problem (an archive holds far fewer members, see ArchiveLimits). */
export const MAX_HASH_LIST_LINES = 1_000_000;

const needsEscape = (name: string) => name.includes('\\') || terminalSafe(name) !== name;

function escapeName(name: string): string {
  return terminalSafe(name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
}

function listLine(sha256: string, name: string): string {
  return needsEscape(name) ? `\\${sha256}  ${escapeName(name)}\n` : `${sha256}  ${name}\n`;
}

/** The archive itself first (by its file name), then every member with content, in archive order. */
export function formatHashList(hashes: Pick<IntegrityHashes, 'archive' | 'members'>): string {
  let out = listLine(hashes.archive.sha256, hashes.archive.fileName);
  for (const m of hashes.members) if (m.sha256 !== null) out += listLine(m.sha256, m.name);
  return out;
}

/** Undoes escapeName; null when an escape is not one sha256sum writes. */
function unescapeName(name: string): string | null {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = name[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === 'x' || next === 'u') {
      const digits = next === 'x' ? 2 : 4;
      const hex = name.slice(i + 1, i + 1 + digits);
      if (hex.length !== digits || !/^[0-9a-f]+$/.test(hex)) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else return null;
  }
  return out;
}

/** `./a/b` and `a/b` are the same member (tar names are stored either way). */
export function listName(name: string): string {
  let n = name;
  while (n.startsWith('./')) n = n.slice(2);
  return n;
}

const GNU_LINE = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/s;
const BSD_LINE = /^(\\?)SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/s;

export function parseHashList(text: string): { entries: HashListEntry[]; problems: ProblemInfo[] } {
  const entries: HashListEntry[] = [];
  const problems: ProblemInfo[] = [];
  const seen = new Map<string, HashListEntry>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const problem = (line: number, message: string) =>
    problems.push({ where: `line ${line}`, code: 'INVALID_ARGUMENT', message });
  if (lines.length > MAX_HASH_LIST_LINES) {
    problem(
      MAX_HASH_LIST_LINES + 1,
      `the list has ${lines.length} lines; only the first ${MAX_HASH_LIST_LINES} are read`,
    );
    lines.length = MAX_HASH_LIST_LINES;
  }
  lines.forEach((raw, i) => {
    const line = i + 1;
    // CRLF: a raw carriage return ends the line (one inside a name is written as \r).
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    const gnu = GNU_LINE.exec(text);
    const bsd = gnu ? null : BSD_LINE.exec(text);
    if (!gnu && !bsd) {
      problem(line, 'not a sha256sum line (HEX, two spaces, NAME)');
      return;
    }
    const escaped = (gnu ?? bsd)![1] === '\\';
    const rawName = gnu ? gnu[3]! : bsd![2]!;
    const sha256 = (gnu ? gnu[2]! : bsd![3]!).toLowerCase();
    const unescaped = escaped ? unescapeName(rawName) : rawName;
    if (unescaped === null) {
      problem(line, 'the name holds an escape sha256sum does not write (only \\\\, \\n, \\r, \\xHH, \\uHHHH)');
      return;
    }
    const name = listName(unescaped);
    if (name === '') {
      problem(line, 'the name is empty');
      return;
    }
    const before = seen.get(name);
    if (before) {
      if (before.sha256 !== sha256)
        problem(line, `the name is listed before (line ${before.line}) with another sha256`);
      return;
    }
    const entry = { line, name, sha256 };
    seen.set(name, entry);
    entries.push(entry);
  });
  return { entries, problems };
}
