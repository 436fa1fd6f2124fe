// Memory search against the testbed's memory-holding workload (memhog): every
// planted string is found at the address memhog reported, the one straddling
// a page boundary included, with the same matches through the contract (a
// search job streaming `search.results`) and the CLI (`memparse --search`).
// Needs root and the containerd testbed (skipped with the reason otherwise;
// under CI=true the gate throws instead).
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOutcome, MemoryMatch, SearchSummary } from '../../shared/dto';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { createArchivesPort } from '../../electron/inspect/archive-registry';
import { SettingsStore } from '../../electron/settings/settings-store';
import type { ContainerdPort } from '../../electron/app/ports';
import {
  criCheckpoint,
  ensureTestbed,
  startMemoryWorkload,
  testbedGate,
  type MemoryWorkload,
} from '../testbed/testbed';
import { runCliCaptured } from '../support/run-cli-captured';

const skip = testbedGate();
/** A size of our own, so no other test restarts this pod under us. */
const MIB = 24;

const cli = runCliCaptured;

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

describe.skipIf(skip !== undefined)(`memory search on memhog ${skip ?? ''}`, () => {
  let workload: MemoryWorkload;
  let archive: string;
  let core: AppCore;
  let userData: string;

  beforeAll(async () => {
    const state = await ensureTestbed();
    workload = await startMemoryWorkload(MIB);
    archive = path.join(state.archiveDir, `forensics-search-mem-${MIB}.tar`);
    await rm(archive, { force: true });
    await criCheckpoint(state, workload.containerId, archive);
    userData = await mkdtemp(path.join(tmpdir(), 'ci-forensics-'));
    core = await createAppCore({
      host: { kind: 'browser', samplePath: null },
      settings: await SettingsStore.load(userData),
      allowCheckpoint: false,
      archives: await createArchivesPort(),
      containerd: noContainerd,
    });
  });

  afterAll(async () => {
    await core?.dispose();
    if (userData) await rm(userData, { recursive: true, force: true });
    if (archive && existsSync(archive)) await rm(archive, { force: true });
  });

  async function contractSearch(
    query: string,
  ): Promise<{ streamed: MemoryMatch[]; summary: SearchSummary; progress: number }> {
    const opened = await core.dispatch('archive.list', {});
    expect(opened.ok).toBe(true);
    const summary = (await core.openPath(archive)).archiveId;
    const streamed: MemoryMatch[] = [];
    let progress = 0;
    let jobId = '';
    const finished = new Promise<JobOutcome>((resolve) => {
      const off = core.events.subscribe((event, payload) => {
        if (event === 'search.results' && (payload as { jobId: string }).jobId === jobId)
          streamed.push(...(payload as { matches: MemoryMatch[] }).matches);
        if (event === 'job.progress' && (payload as { jobId: string }).jobId === jobId) progress++;
        if (event === 'job.finished' && (payload as JobOutcome).jobId === jobId) {
          off();
          resolve(payload as JobOutcome);
        }
      });
    });
    const started = await core.dispatch('search.start', { archiveId: summary, kind: 'text', query, context: 8 });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    jobId = (started.value as { jobId: string }).jobId;
    const outcome = await finished;
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    await core.dispatch('archive.close', { archiveId: summary });
    return { streamed, summary: outcome.result as SearchSummary, progress };
  }

  it('finds every planted marker at its address, the page-straddling one too, the same through the contract and the CLI', async () => {
    const markers = workload.layout.markers;
    expect(markers.length).toBe(4);
    const straddle = markers.find((m) => m.name === 'straddle')!;
    const at = Number(straddle.address);
    // The straddling marker really crosses a 4 KiB page boundary.
    expect(Math.floor(at / 4096)).not.toBe(Math.floor((at + straddle.text.length - 1) / 4096));

    const viaContract = await contractSearch('CKPT-MEMHOG-MARKER-');
    const contractAddresses = viaContract.streamed.map((m) => m.address).sort((a, b) => a - b);
    for (const m of markers) expect(contractAddresses).toContain(Number(m.address));
    expect(viaContract.summary.matchCount).toBe(viaContract.streamed.length);
    expect(viaContract.progress).toBeGreaterThan(0);
    const hit = viaContract.streamed.find((m) => m.address === at)!;
    expect(hit.pid).toBe(workload.layout.pid);
    expect(hit.comm).toBe('memhog');
    expect(hit.vma).not.toBeNull();
    expect(hit.vma!.start).toBeLessThanOrEqual(Number(workload.layout.base));
    expect(hit.vma!.prot).toBe('rw-p');
    expect(hit.contextAddress).toBe(at - 8);
    expect(Buffer.from(hit.context, 'hex').toString('latin1').slice(8)).toBe(
      straddle.text.slice(0, 'CKPT-MEMHOG-MARKER-'.length + 8),
    );

    const r = await cli(['memparse', archive, '--search', 'CKPT-MEMHOG-MARKER-', '--format', 'json', '--context', '8']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const viaCli = JSON.parse(r.out) as { summary: SearchSummary; matches: MemoryMatch[] };
    expect(viaCli.summary.matchCount).toBe(viaContract.summary.matchCount);
    expect(viaCli.matches.map((m) => m.address).sort((a, b) => a - b)).toEqual(contractAddresses);
  });

  it('finds each marker exactly at its address by full text, and a hex form of the straddling one', async () => {
    for (const m of workload.layout.markers) {
      const r = await cli([
        'memparse',
        archive,
        '--pid',
        String(workload.layout.pid),
        '--search',
        m.text,
        '--format',
        'json',
      ]);
      const out = JSON.parse(r.out) as { matches: MemoryMatch[] };
      expect(out.matches.map((x) => x.address)).toContain(Number(m.address));
    }
    const straddle = workload.layout.markers.find((m) => m.name === 'straddle')!;
    const hex = Buffer.from(straddle.text).toString('hex').replace(/(..)/g, '$1 ').trim();
    const r = await cli(['memparse', archive, '--search-hex', hex, '--format', 'json']);
    expect((JSON.parse(r.out) as { matches: MemoryMatch[] }).matches.map((x) => x.address)).toContain(
      Number(straddle.address),
    );
    const re = await cli([
      'memparse',
      archive,
      '--search-regex',
      'ckpt-memhog-marker-straddle-page-[0-9a-f]{6}',
      '-i',
      '--format',
      'json',
    ]);
    expect((JSON.parse(re.out) as { matches: MemoryMatch[] }).matches.map((x) => x.address)).toContain(
      Number(straddle.address),
    );
  });

  it("lists the start marker among the strings of memhog's mapping", async () => {
    const archiveId = (await core.openPath(archive)).archiveId;
    const base = Number(workload.layout.base);
    const r = await core.dispatch('inspect.strings', {
      archiveId,
      pid: workload.layout.pid,
      from: base,
      to: base + 4096,
      minLength: 16,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const { strings } = r.value as { strings: { address: number; text: string }[] };
    const start = workload.layout.markers.find((m) => m.name === 'start')!;
    expect(strings.find((x) => x.address === base)?.text.startsWith(start.text)).toBe(true);
    await core.dispatch('archive.close', { archiveId });
  });

  it('cancels a running search job', async () => {
    const archiveId = (await core.openPath(archive)).archiveId;
    const started = await core.dispatch('search.start', { archiveId, kind: 'regex', query: '[a-z]{3}[0-9]{2}' });
    if (!started.ok) throw new Error('search did not start');
    const { jobId } = started.value as { jobId: string };
    const finished = new Promise<JobOutcome>((resolve) => {
      const off = core.events.subscribe((event, payload) => {
        if (event === 'job.finished' && (payload as JobOutcome).jobId === jobId) {
          off();
          resolve(payload as JobOutcome);
        }
      });
    });
    await core.dispatch('job.cancel', { jobId });
    const outcome = await finished;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('CANCELLED');
    await core.dispatch('archive.close', { archiveId });
  });
});
