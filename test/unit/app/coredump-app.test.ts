// Core files as jobs on the real fixture: Electron's save (dialog, then a
// 'coredump' job with progress and its result), the browser host's download
// (size first, then the bytes, cancel by job id), and the CLI command.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoredumpApp } from '../../../electron/app/coredump';
import { EventBus } from '../../../electron/app/event-bus';
import type { HostServices } from '../../../electron/app/host';
import { createArchivesPort, type ArchiveRegistry } from '../../../electron/inspect/archive-registry';
import { JobManager } from '../../../electron/jobs/job-manager';
import type { EventMap, EventName } from '../../../shared/events';
import { runCliCaptured } from '../../support/run-cli-captured';

const TAR = resolve(__dirname, '../../fixtures/containerd-cri-web.tar');

let base: string;
let registry: ArchiveRegistry;
let seen: { event: EventName; payload: EventMap[EventName] }[];
let jobs: JobManager;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'h-core-app-'));
  registry = await createArchivesPort({ cacheBase: base });
  const bus = new EventBus();
  seen = [];
  bus.subscribe((event, payload) => seen.push({ event, payload }));
  jobs = new JobManager(bus);
});
afterEach(async () => {
  await registry.closeAll();
  await rm(base, { recursive: true, force: true });
});

const of = <E extends EventName>(event: E) =>
  seen.filter((s) => s.event === event).map((s) => s.payload as EventMap[E]);
const host = (target: string | null): HostServices => ({
  kind: 'electron',
  samplePath: null,
  showSaveDialog: () => Promise.resolve(target),
});

describe('coredump app', () => {
  it('Electron: saves to the dialog path as a coredump job with byte progress', async () => {
    const { archiveId } = await registry.open(TAR);
    const target = join(base, 'chosen-core');
    const app = createCoredumpApp({ jobs, archives: registry, host: host(target) });
    await expect(app.save(archiveId, 7)).resolves.toEqual({ saved: true, problems: [] });
    const bytes = await readFile(target);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const [started] = of('job.started');
    expect(started).toMatchObject({ kind: 'coredump', archiveId, title: 'Core file core.7' });
    const last = of('job.progress').at(-1);
    expect(last).toMatchObject({ bytesDone: bytes.length, bytesTotal: bytes.length, fraction: 1 });
    expect(of('job.finished')).toEqual([
      {
        jobId: started!.jobId,
        ok: true,
        result: { kind: 'coredump', archiveId, pid: 7, fileName: 'core.7', bytes: bytes.length, problems: 0 },
      },
    ]);
  });

  it('Electron: a dialog closed without a path writes nothing and starts no job', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createCoredumpApp({ jobs, archives: registry, host: host(null) });
    await expect(app.save(archiveId, 7)).resolves.toEqual({ saved: false, problems: [] });
    expect(of('job.started')).toEqual([]);
    expect((await readdir(base)).filter((n) => n.includes('core'))).toEqual([]);
  });

  it('browser host: the size comes first, the bytes match it, and a cancelled job stops the stream', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createCoredumpApp({ jobs, archives: registry, host: { kind: 'browser', samplePath: null } });
    await expect(app.save(archiveId, 7)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const d = await app.download(archiveId, 7);
    expect(d.fileName).toBe('core.7');
    const chunks: Buffer[] = [];
    await d.send((c) => {
      chunks.push(c);
      return Promise.resolve();
    });
    expect(Buffer.concat(chunks).length).toBe(d.size);

    let sent = 0;
    const again = await app.download(archiveId, 7);
    const stopped = again.send(async (c) => {
      sent += c.length;
      // The job's cancel, as job.cancel from any host does it.
      jobs.cancel(of('job.started').at(-1)!.jobId);
      await Promise.resolve();
    });
    await expect(stopped).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sent).toBeLessThan(again.size);
  });

  it('a pid that is not in the checkpoint is NOT_FOUND', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createCoredumpApp({ jobs, archives: registry, host: host(join(base, 'x')) });
    await expect(app.download(archiveId, 4242)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('coredump command', () => {
  it('writes core.PID for each --pid and names each file on stdout', async () => {
    const r = await runCliCaptured(['coredump', TAR, '-p', '6', '--pid', '7', '-o', base]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(join(base, 'core.6'));
    expect(r.out).toContain(join(base, 'core.7'));
    expect((await readdir(base)).filter((n) => n.startsWith('core.')).sort()).toEqual(['core.6', 'core.7']);
  });

  it('is a usage error without --output, and a failure for a pid the checkpoint lacks', async () => {
    expect((await runCliCaptured(['coredump', TAR])).code).toBe(2);
    expect((await runCliCaptured(['coredump', TAR, '--pid', 'x', '-o', base])).code).toBe(2);
    const r = await runCliCaptured(['coredump', TAR, '--pid', '4242', '-o', base]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no process with pid 4242/);
    expect((await readdir(base)).filter((n) => n.startsWith('core.'))).toEqual([]);
  });
});
