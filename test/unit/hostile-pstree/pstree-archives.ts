// Hostile process trees (issue 18): the fixture checkpoint with pstree.img
// replaced by a tree a million processes wide, a chain 100,000 deep, a ppid
// cycle, or a task claiming 2^31 threads. pstree.img is encoded by hand here
// (five varint fields): protobufjs takes seconds for a million entries.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointTar } from '../../hostile/criu-cases';
import { fixtureImages } from '../../hostile/fixture-images';

export interface Task {
  pid: number;
  ppid: number;
  threads?: readonly number[];
}

function varint(out: number[], value: number): void {
  let v = value >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/** One pstree_entry: pid=1, ppid=2, pgid=3, sid=4, threads=5 (packed). */
function pstreeEntry(task: Task): number[] {
  const out: number[] = [];
  for (const [tag, value] of [
    [0x08, task.pid],
    [0x10, task.ppid],
    [0x18, 1],
    [0x20, 1],
  ] as const) {
    out.push(tag);
    varint(out, value);
  }
  const threads: number[] = [];
  for (const t of task.threads ?? [task.pid]) varint(threads, t);
  out.push(0x2a);
  varint(out, threads.length);
  for (const b of threads) out.push(b);
  return out;
}

/** pstree.img of the given tasks, with the fixture's magic words. */
export function pstreeImage(tasks: Iterable<Task>): Buffer {
  const head = fixtureImages()['pstree.img']?.subarray(0, 8);
  if (!head) throw new Error('fixture has no pstree.img');
  const parts: Buffer[] = [Buffer.from(head)];
  let chunk: number[] = [];
  for (const task of tasks) {
    const payload = pstreeEntry(task);
    chunk.push(
      payload.length & 0xff,
      (payload.length >>> 8) & 0xff,
      (payload.length >>> 16) & 0xff,
      payload.length >>> 24,
    );
    for (const b of payload) chunk.push(b);
    if (chunk.length > 1 << 20) {
      parts.push(Buffer.from(chunk));
      chunk = [];
    }
  }
  parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** pid 1 (the fixture's init, which has a core image), then `width` children of it. */
export function* wide(width: number): Generator<Task> {
  yield { pid: 1, ppid: 0 };
  for (let i = 0; i < width; i++) yield { pid: 100 + i, ppid: 1 };
}

/** pid 1, then a chain: each task the only child of the one before. */
export function* chain(depth: number): Generator<Task> {
  yield { pid: 1, ppid: 0 };
  for (let i = 0; i < depth; i++) yield { pid: 100 + i, ppid: i === 0 ? 1 : 99 + i };
}

/** pid 1, then a loop of `size` tasks (each the parent of the next, the last the parent of the first) and a self-parent. */
export function* cycle(size: number): Generator<Task> {
  yield { pid: 1, ppid: 0 };
  for (let i = 0; i < size; i++) yield { pid: 100 + i, ppid: 100 + ((i + size - 1) % size) };
  yield { pid: 50, ppid: 50 };
  yield { pid: 51, ppid: 50 };
}

function withHead(entries: readonly Buffer[]): Buffer {
  const head = fixtureImages()['pstree.img']?.subarray(0, 8);
  if (!head) throw new Error('fixture has no pstree.img');
  const parts: Buffer[] = [head];
  for (const payload of entries) {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(payload.length);
    parts.push(size, payload);
  }
  return Buffer.concat(parts);
}

/** pid 1, then pid 2 whose packed threads field says 2^31 bytes follow (the image ends long before). */
export function claimedThreadsImage(): Buffer {
  const claim: number[] = [0x08, 2, 0x10, 1, 0x18, 1, 0x20, 1, 0x2a];
  varint(claim, 2 ** 31);
  return withHead([Buffer.from(pstreeEntry({ pid: 1, ppid: 0 })), Buffer.from(claim)]);
}

/** pid 1, then pid 2 really listing `listed` threads (one byte each: tid 7), as big as an image may be. */
export function manyThreadsImage(listed: number): Buffer {
  const entry: number[] = [0x08, 2, 0x10, 1, 0x18, 1, 0x20, 1, 0x2a];
  varint(entry, listed);
  return withHead([
    Buffer.from(pstreeEntry({ pid: 1, ppid: 0 })),
    Buffer.concat([Buffer.from(entry), Buffer.alloc(listed, 7)]),
  ]);
}

/** The fixture checkpoint with pstree.img replaced. */
export function pstreeArchive(pstree: Buffer): Buffer {
  return checkpointTar({ ...fixtureImages(), 'pstree.img': pstree });
}

export async function writeArchive(dir: string, name: string, pstree: Buffer): Promise<string> {
  const path = join(dir, `${name}.tar`);
  await writeFile(path, pstreeArchive(pstree));
  return path;
}

export type PstreeArchive = 'wide-1m' | 'chain-100k' | 'cycle' | 'claimed-threads' | 'many-threads';

/** Every hostile pstree archive, written under dir. */
export async function writePstreeArchives(dir: string): Promise<Record<PstreeArchive, string>> {
  return {
    'wide-1m': await writeArchive(dir, 'wide-1m', pstreeImage(wide(1_000_000))),
    'chain-100k': await writeArchive(dir, 'chain-100k', pstreeImage(chain(100_000))),
    cycle: await writeArchive(dir, 'cycle', pstreeImage(cycle(1_000))),
    'claimed-threads': await writeArchive(dir, 'claimed-threads', claimedThreadsImage()),
    // 60 MiB of thread ids in one entry: under the 64 MiB an image may have, 15 times MAX_PSTREE_BYTES.
    'many-threads': await writeArchive(dir, 'many-threads', manyThreadsImage(60 * 1024 * 1024)),
  };
}
