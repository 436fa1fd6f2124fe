import { describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../../electron/inspect/archive-session';
import type { InspectDeps, TarMemberLike } from '../../../electron/inspect/ports';
import { sessionSource } from '../../../electron/inspect/search/memory-source';
import { searchMemory } from '../../../electron/inspect/search/search-memory';
import { findSecrets } from '../../../electron/inspect/findings/find-secrets';
import { fakeDeps, img } from './fake-archive';

const argv = Buffer.from('/bin/app\0--token=hunter22hunter22\0');
const pages = Buffer.concat([argv, Buffer.alloc(4096 - argv.length)]);

const files = {
  'config.dump': '{}',
  'spec.dump': '{}',
  'checkpoint/pstree.img': img('PSTREE', [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] }]),
  'checkpoint/core-1.img': img('CORE', [{ tc: { task_state: 1, comm: 'app' } }]),
  'checkpoint/mm-1.img': img('MM', [
    {
      mm_arg_start: 0x1000,
      mm_arg_end: 0x1000 + argv.length,
      mm_env_start: 0x1000 + argv.length,
      mm_env_end: 0x1000 + argv.length,
      vmas: [{ start: 0x1000, end: 0x3000, prot: 3, flags: 0x22, status: 0x201, shmid: 0 }],
    },
  ]),
  'checkpoint/pagemap-1.img': img('PAGEMAP', [{ pages_id: 1 }, { vaddr: 0x1000, nr_pages: 1, flags: 4 }]),
  'checkpoint/pages-1.img': pages,
};

/** The fake pagemap reader, saying (as the real one does for a short pages file) that it left a range out. */
function withReaderProblem(deps: InspectDeps<TarMemberLike>): InspectDeps<TarMemberLike> {
  return {
    ...deps,
    memoryReader: (pagemap, p) => {
      const reader = deps.memoryReader(pagemap, p);
      return {
        ...reader,
        problems: ['pagemap entry 2: pages 4096..8192 lie past the end of pages-1.img (4096 bytes)'],
        allRanges: () => reader.allRanges(),
        read: (a, l) => reader.read(a, l),
      };
    },
  };
}

const open = (deps: InspectDeps<TarMemberLike>) =>
  ArchiveSession.open('/x/a.tar', deps, { archiveId: 'a1', cacheDir: '/nonexistent' });

describe('memory through the session interface', () => {
  it('searches through memoryRegions and says complete when everything was read', async () => {
    const s = await open(fakeDeps(files));
    const r = await searchMemory(sessionSource(s), { kind: 'text', query: 'hunter22' });
    expect(r.matchCount).toBe(2);
    expect(r.complete).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('a search over memory the reader left out is incomplete and names the pid', async () => {
    const s = await open(withReaderProblem(fakeDeps(files)));
    const r = await searchMemory(sessionSource(s), { kind: 'text', query: 'hunter22' });
    expect(r.matchCount).toBe(2);
    expect(r.complete).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ pid: 1, code: 'IMAGE_CORRUPT', where: 'checkpoint/pagemap-1.img' });
    const f = await findSecrets(s, { memory: sessionSource(s) });
    expect(f.complete).toBe(false);
    expect(f.problems.some((p) => p.pid === 1)).toBe(true);
  });

  it('findings tell their memory progress: 0 of the total first, then every byte of it, once done', async () => {
    const s = await open(fakeDeps(files));
    const seen: [number, number][] = [];
    const steps: string[] = [];
    await findSecrets(s, {
      memory: sessionSource(s),
      onStep: (w) => steps.push(w),
      onMemoryBytes: (done, total) => seen.push([done, total]),
    });
    expect(steps.at(-1)).toBe('memory');
    expect(seen[0]).toEqual([0, 4096]);
    expect(seen.at(-1)).toEqual([4096, 4096]);
  });

  it('a process whose memory cannot be read at all is skipped out loud', async () => {
    const s = await open(fakeDeps({ ...files, 'checkpoint/pagemap-1.img': 'BROKEN' }));
    const r = await searchMemory(sessionSource(s), { kind: 'text', query: 'hunter22' });
    expect(r.matchCount).toBe(0);
    expect(r.complete).toBe(false);
    expect(r.problems[0]).toMatchObject({ pid: 1 });
    expect(r.problems[0]!.message).toContain('not searched');
  });

  it('reports a tar without checkpoint/ as unsupported, not corrupt', async () => {
    const s = await open(fakeDeps({ 'config.dump': '{}', 'spec.dump': '{}' }));
    const w = s.summary().warnings.find((p) => p.where === 'checkpoint/');
    expect(w?.code).toBe('ARCHIVE_UNSUPPORTED');
  });
});
