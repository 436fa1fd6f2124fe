// Memory regions on a real checkpoint of memhog (its planted markers in one
// anonymous mapping): saving a VMA or a range gives exactly the bytes the hex
// view's channel (inspect.readMemory) returns there, by sha256, through the
// CLI (memparse --range -o), the browser host's download route and the core;
// a range with pages not in the checkpoint is refused, nothing written; VMA
// filters narrow the VMA table (inspect.vmas) and the search (contract and
// CLI) as asked. Needs root and the containerd testbed.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOutcome, MemoryMatch, MemoryRange, SavedMemoryRange, Vma } from '../../shared/dto';
import { MEMORY_DOWNLOAD_PATH } from '../../shared/wire';
import type { ContainerdPort } from '../../electron/app/ports';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { createArchivesPort } from '../../electron/inspect/archive-registry';
import { vmaTypes } from '../../electron/inspect/vma-filter';
import { handleMemoryDownload } from '../../electron/serve/byte-routes';
import { SettingsStore } from '../../electron/settings/settings-store';
import { runCliCaptured as cli } from '../support/run-cli-captured';
import { removeCriPod } from '../testbed/workloads';
import {
  criCheckpoint,
  ensureTestbed,
  startMemoryWorkload,
  testbedGate,
  type MemoryWorkload,
} from '../testbed/testbed';

const skip = testbedGate();
/** A size of our own (pod mem-9), so no other test restarts this pod under us. */
const MIB = 9;
const MARKER = 'CKPT-MEMHOG-MARKER-';

const noContainerd = (): ContainerdPort => ({
  status: () =>
    ({ state: 'disconnected', socketPath: '', version: null, error: null }) as unknown as ReturnType<
      ContainerdPort['status']
    >,
  connect: () => Promise.reject(new Error('not in this test')),
  containers: () => Promise.resolve([]),
  checkpoint: () => Promise.reject(new Error('not in this test')),
  close: () => undefined,
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hex = (n: number) => `0x${n.toString(16)}`;

describe.skipIf(skip !== undefined)(`memory regions on memhog ${skip ?? ''}`, () => {
  let workload: MemoryWorkload;
  let archive: string;
  let core: AppCore;
  let work: string;
  let archiveId: string;
  let pid: number;
  let all: Vma[];

  beforeAll(async () => {
    const state = await ensureTestbed();
    workload = await startMemoryWorkload(MIB);
    archive = path.join(state.archiveDir, `h-regions-mem-${MIB}.tar`);
    await rm(archive, { force: true });
    await criCheckpoint(state, workload.containerId, archive);
    work = await mkdtemp(path.join(tmpdir(), 'h-regions-int-'));
    core = await createAppCore({
      host: { kind: 'browser', samplePath: null },
      settings: await SettingsStore.load(path.join(work, 'user')),
      allowCheckpoint: false,
      archives: await createArchivesPort(),
      containerd: noContainerd,
    });
    archiveId = (await core.openPath(archive)).archiveId;
    pid = workload.layout.pid;
    all = await call<Vma[]>('inspect.vmas', { archiveId, pid });
  }, 300_000);

  afterAll(async () => {
    await core?.dispose();
    if (workload) await removeCriPod((await ensureTestbed()).socket, `mem-${MIB}`);
    if (work) await rm(work, { recursive: true, force: true });
    if (archive && existsSync(archive)) await rm(archive, { force: true });
  });

  async function call<T>(channel: string, args: unknown): Promise<T> {
    const r = await core.dispatch(channel, args);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  }

  /** What the hex view shows for [start, end): inspect.readMemory pages (each page in the dump), joined. */
  async function hexViewBytes(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let at = start; at < end; at += 1 << 20) {
      const page = await call<MemoryRange>('inspect.readMemory', {
        archiveId,
        pid,
        address: at,
        length: Math.min(1 << 20, end - at),
      });
      expect(page.present.every(Boolean)).toBe(true);
      parts.push(Buffer.from(page.data, 'base64'));
    }
    return Buffer.concat(parts);
  }

  /** The browser host's download route, answered into memory. */
  async function download(query: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, unknown> = {};
    await new Promise<void>((resolve, reject) => {
      const res = {
        headersSent: false,
        writeHead(code: number, h: Record<string, unknown>) {
          status = code;
          headers = h;
          this.headersSent = true;
          return this;
        },
        setHeader: () => undefined,
        write(b: Buffer | string) {
          chunks.push(Buffer.from(b));
          return true;
        },
        end(b?: Buffer | string) {
          if (b !== undefined) chunks.push(Buffer.from(b));
          resolve();
        },
        once: () => undefined,
        destroy: () => reject(new Error('download cut short')),
      };
      const url = new URL(`http://127.0.0.1${MEMORY_DOWNLOAD_PATH}?${query}`);
      handleMemoryDownload(url, res as never, core).catch(reject);
    });
    return { status, headers, body: Buffer.concat(chunks) };
  }

  it("saves memhog's VMA: the CLI's file, the download and the hex view's bytes have one sha256", async () => {
    const base = Number(workload.layout.base);
    const v = all.find((x) => x.start <= base && base < x.end)!;
    expect(v.prot).toBe('rw-p');
    expect(vmaTypes(v)).toEqual(['anon']);
    // memhog writes every page of its mapping: all of it is in the dump.
    expect(v.dumped).toBe(v.end - v.start);
    const shown = await hexViewBytes(v.start, v.end);
    expect(shown.length).toBe(v.end - v.start);
    expect(shown.indexOf(workload.layout.markers.find((m) => m.name === 'start')!.text)).toBe(base - v.start);

    const file = path.join(work, 'vma.bin');
    const r = await cli([
      'memparse',
      archive,
      '--pid',
      String(pid),
      '--range',
      `${hex(v.start)}-${hex(v.end)}`,
      '-o',
      file,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const saved = await readFile(file);
    expect(sha256(saved)).toBe(sha256(shown));
    expect(r.out).toContain(`sha256 ${sha256(shown)}  ${shown.length} bytes`);

    const checked = await call<SavedMemoryRange>('inspect.checkMemoryRange', {
      archiveId,
      pid,
      start: v.start,
      end: v.end,
    });
    expect(checked).toMatchObject({ start: v.start, end: v.end, bytes: v.end - v.start });
    const got = await download(`archiveId=${archiveId}&pid=${pid}&start=${v.start}&end=${v.end}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe(v.end - v.start);
    expect(sha256(got.body)).toBe(sha256(shown));
  });

  it('refuses a range with pages not in the checkpoint: nothing written, the missing runs named', async () => {
    // A VMA with pages CRIU did not dump (file-backed text is read back from its file).
    const partial = all.find((v) => v.dumped < v.end - v.start)!;
    expect(partial).toBeDefined();
    const file = path.join(work, 'partial.bin');
    const range = `${hex(partial.start)}-${hex(partial.end)}`;
    const r = await cli(['memparse', archive, '--pid', String(pid), '--range', range, '-o', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /problem: .*are not in the checkpoint \(not dumped: 0x[0-9a-f]+-0x[0-9a-f]+.*nothing was written.*\(NOT_FOUND\)/,
    );
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(
      call('inspect.checkMemoryRange', { archiveId, pid, start: partial.start, end: partial.end }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const got = await download(`archiveId=${archiveId}&pid=${pid}&start=${partial.start}&end=${partial.end}`);
    expect(got.status).toBe(404);
  });

  it('filters narrow the VMA table as asked', async () => {
    const only = async (words: string[]) => call<Vma[]>('inspect.vmas', { archiveId, pid, filter: words });
    const stack = await only(['type=stack']);
    expect(stack.map((v) => v.file)).toEqual(['[stack]']);
    const exec = await only(['prot=r-x']);
    expect(exec.length).toBeGreaterThan(0);
    expect(exec.length).toBeLessThan(all.length);
    expect(exec.every((v) => v.prot.startsWith('r-x'))).toBe(true);
    const own = await only(['file=*memhog']);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((v) => v.file!.endsWith('memhog'))).toBe(true);
    const anonRw = await only(['type=anon prot=rw']);
    expect(anonRw.map((v) => v.start)).toContain(
      all.find((v) => v.start <= Number(workload.layout.base) && Number(workload.layout.base) < v.end)!.start,
    );
    expect(anonRw.every((v) => v.file === null || v.file === '[heap]' || v.file === '[stack]')).toBe(true);
    await expect(only(['type=nope'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  async function contractSearch(args: Record<string, unknown>): Promise<MemoryMatch[]> {
    const streamed: MemoryMatch[] = [];
    let jobId = '';
    const finished = new Promise<JobOutcome>((resolve) => {
      const off = core.events.subscribe((event, payload) => {
        if (event === 'search.results' && (payload as { jobId: string }).jobId === jobId)
          streamed.push(...(payload as { matches: MemoryMatch[] }).matches);
        if (event === 'job.finished' && (payload as JobOutcome).jobId === jobId) {
          off();
          resolve(payload as JobOutcome);
        }
      });
    });
    jobId = (await call<{ jobId: string }>('search.start', { archiveId, pid, ...args })).jobId;
    const outcome = await finished;
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    return streamed;
  }

  it('filters narrow the search, through the contract and the CLI, and several patterns say which matched', async () => {
    const markers = workload.layout.markers.map((m) => Number(m.address)).sort((a, b) => a - b);
    const anon = await contractSearch({ kind: 'text', query: MARKER, filter: ['type=anon'] });
    expect(anon.map((m) => m.address).sort((a, b) => a - b)).toEqual(expect.arrayContaining(markers));
    // memhog's layout line (which quotes the markers) may be on its stack: only hits there, none of the planted ones.
    const stack = await contractSearch({ kind: 'text', query: MARKER, filter: ['type=stack'] });
    expect(stack.every((m) => m.vma?.file === '[stack]')).toBe(true);
    expect(stack.filter((m) => markers.includes(m.address))).toEqual([]);
    expect(anon.filter((m) => m.vma?.file === '[stack]').length).toBe(stack.length);
    const base = Number(workload.layout.base);
    const first = await contractSearch({
      kind: 'text',
      query: MARKER,
      filter: [`range=${hex(base)}-${hex(base + 4096)}`],
    });
    expect(first.map((m) => m.address)).toEqual([base]);

    const start = workload.layout.markers.find((m) => m.name === 'start')!;
    const end = workload.layout.markers.find((m) => m.name === 'end')!;
    const both = await contractSearch({
      kind: 'text',
      query: start.text,
      also: [{ kind: 'regex', query: 'CKPT-MEMHOG-MARKER-END-[0-9a-f]{6}' }],
      filter: ['type=anon'],
    });
    expect(both.map((m) => [m.address, m.pattern, m.length])).toEqual(
      expect.arrayContaining([
        [Number(start.address), 0, start.text.length],
        [Number(end.address), 1, end.text.length],
      ]),
    );

    const r = await cli([
      'memparse',
      archive,
      '--pid',
      String(pid),
      '-s',
      start.text,
      '-r',
      'CKPT-MEMHOG-MARKER-END-[0-9a-f]{6}',
      '--filter',
      `range=${hex(base)}-${hex(base + 4096)}`,
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^pid,process,address,length,pattern,pattern_kind,pattern_query,/);
    // Only the start marker lies in the first page; the end one is filtered out.
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${pid},memhog,${hex(base)},${start.text.length},0,text,`)),
    ]);
  });
});
