// Fuzz target (issue 18): descriptor tables over file tables. Random
// files.img images (shared, duplicate and missing ids, long names, damaged
// bytes) and fdinfo tables shared between processes (dangling ids, now and
// then hundreds of thousands of descriptors naming one entry). The indexed
// file table must find what decoding the whole image finds; the files and
// sockets views must list every descriptor or stop at a named limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../electron/criu';
import { messageType } from '../../electron/criu/schema';
import { FD_TYPES, FileTable } from '../../electron/inspect/file-table';
import { fileRows, type ProcessFds } from '../../electron/inspect/files';
import { MAX_FILE_ROWS, MAX_LISTED_PROBLEMS, MAX_PATH_CHARS } from '../../electron/inspect/limits';
import { socketRows } from '../../electron/inspect/sockets';
import type { ProblemInfo } from '../../shared/dto';
import { buildImage, minimalObject } from '../unit/criu/build-image';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { settleSync } from './support/outcome';

const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
const unixBase = minimalObject(messageType('unix_sk_entry'));
const inetBase = minimalObject(messageType('inet_sk_entry'));
const nameArb = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 24 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: MAX_PATH_CHARS - 2, max: 3 * MAX_PATH_CHARS }).map((n) => `/${'x'.repeat(n)}`),
  },
);
/** Ids from a small range: duplicates and descriptors naming missing ids are common. */
const idArb = fc.integer({ min: 1, max: 24 });
const fileArb = fc.oneof(
  fc
    .record({ id: idArb, name: nameArb })
    .map(({ id, name }) => ({ type: 1, id, reg: { id, flags: 2, pos: 7, fown, name } })),
  fc
    .record({ id: idArb, pipe: fc.nat() })
    .map(({ id, pipe }) => ({ type: 2, id, pipe: { id, pipe_id: pipe, flags: 0, fown } })),
  fc
    .record({ id: idArb, name: nameArb })
    .map(({ id, name }) => ({ type: 5, id, usk: { ...unixBase, id, name: Buffer.from(name) } })),
  idArb.map((id) => ({ type: 4, id, isk: { ...inetBase, id } })),
);
const fdsArb = fc.oneof(
  {
    weight: 400,
    arbitrary: fc.array(fc.record({ id: fc.integer({ min: 0, max: 30 }), cloexec: fc.boolean() }), { maxLength: 40 }),
  },
  // One entry named by far more descriptors than a view lists.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 5 })
      .map((id) => Array.from({ length: MAX_FILE_ROWS + 10 }, () => ({ id, cloexec: false }))),
  },
);
const damageArb = fc.option(
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  {
    freq: 4,
  },
);

const json = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'bigint' ? String(x) : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x,
  );
const decodeOne = (image: Buffer) => decodeImage(image, { pretty: false, name: 'files.img' }).entries[0];

function check(
  files: Record<string, unknown>[],
  tables: { id: number; cloexec: boolean }[][],
  owners: number[],
  damage: [number, number][] | null,
): void {
  const bytes = buildImage(
    'FILES',
    files.map((value) => ({ type: 'file_entry', value })),
  );
  for (const [at, byte] of damage ?? []) if (bytes.length > 8) bytes[8 + (at % (bytes.length - 8))] = byte;
  const made = settleSync('index files.img', () => new FileTable([], { bytes, decodeOne }));
  if (!('value' in made)) return;
  const indexed = made.value;
  expect(indexed.indexed).toBe(true);
  const decoded = damage
    ? settleSync('decode files.img', () => decodeImage(bytes, { pretty: false }).entries)
    : { value: decodeImage(bytes, { pretty: false }).entries };
  if ('value' in decoded) {
    const eager = new FileTable(decoded.value);
    for (let id = 0; id <= 31; id++) expect(json(indexed.get(id))).toBe(json(eager.get(id)));
  }
  if (!damage) {
    // The first entry of each id wins.
    for (const f of files) {
      const first = files.find((g) => g['id'] === f['id'])!;
      expect(indexed.get(f['id'] as number)?.type).toBe(FD_TYPES[first['type'] as number]);
    }
  }
  const processes: ProcessFds[] = owners.map((t, i) => ({
    pid: 100 + i,
    comm: 'p',
    fds: (tables[t % tables.length] ?? []).map((d, fd) => ({ fd, id: d.id, type: 'REG', flags: d.cloexec ? 1 : 0 })),
  }));
  const total = processes.reduce((s, p) => s + p.fds.length, 0);
  const problems: ProblemInfo[] = [];
  const rows = fileRows(processes, indexed, problems);
  const limited = problems.some((p) => p.code === 'LIMIT_EXCEEDED');
  if (!limited) expect(rows.length).toBe(total);
  expect(rows.length).toBeLessThanOrEqual(MAX_FILE_ROWS);
  if (limited) expect(rows.length).toBeLessThan(total);
  const seen = new Set(processes.flatMap((p) => p.fds.map((f) => f.id)));
  for (const id of seen) {
    const file = indexed.get(id);
    const row = rows.find((r) => processes.find((p) => p.pid === r.pid)!.fds[r.fd]!.id === id);
    if (!row) continue;
    expect(row.path.length).toBeLessThanOrEqual(MAX_PATH_CHARS + 3);
    if (!file) expect([row.type, row.path]).toEqual(['REG', '']);
    else expect(row.type).toBe(file.type);
  }
  expect(problems.length).toBeLessThanOrEqual(MAX_LISTED_PROBLEMS + 2);
  const socketProblems: ProblemInfo[] = [];
  const sockets = socketRows(processes, indexed, socketProblems);
  const socketFds = processes.reduce(
    (s, p) => s + p.fds.filter((f) => /SK$/.test(indexed.get(f.id)?.type ?? '')).length,
    0,
  );
  expect(sockets.length).toBe(socketProblems.length > 0 ? Math.min(socketFds, MAX_FILE_ROWS) : socketFds);
  expect(indexed.problems().length).toBeLessThanOrEqual(4 * (MAX_LISTED_PROBLEMS + 1) + 1);
}

describe('descriptor and file tables fuzz', () => {
  const cases = caseCount(300);
  it(
    `finds, shares and bounds ${cases} random file and descriptor tables`,
    () => {
      fc.assert(
        fc.property(
          fc.array(fileArb, { maxLength: 30 }),
          fc.array(fdsArb, { minLength: 1, maxLength: 3 }),
          fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 5 }),
          damageArb,
          (files, tables, owners, damage) => check(files, tables, owners, damage),
        ),
        fuzzParams(cases),
      );
    },
    timeoutFor(cases, 10),
  );
});
