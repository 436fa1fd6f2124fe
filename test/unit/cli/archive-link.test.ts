import { copyFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive as openIndex } from '../../../electron/archive';
import { EXIT } from '../../../electron/cli/exit-codes';
import { EventBus } from '../../../electron/app/event-bus';
import { createForensicsApp } from '../../../electron/app/forensics';
import { createHeavyRunner } from '../../../electron/workers/heavy-runner';
import type { ArchivesPort } from '../../../electron/app/ports';
import { forensicsHandlers } from '../../../electron/ipc/forensics-handlers';
import type { CoreServices } from '../../../electron/ipc/handlers';
import { JobManager } from '../../../electron/jobs/job-manager';
import type { InspectSession } from '../../../electron/inspect/session';
import type { JobOutcome } from '../../../shared/dto';
import { openArchive } from '../../../electron/inspect/open-archive';
import { sessionSource } from '../../../electron/inspect/search/memory-source';
import { searchMemory } from '../../../electron/inspect/search/search-memory';
import { entry, file, tar } from '../../hostile/tar-writer';
import { runCliCaptured } from '../../support/run-cli-captured';

const FIXTURE = join(__dirname, '../../fixtures/containerd-cri-web.tar');
const MANIFEST = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/containerd-cri-web.manifest.json'), 'utf8'),
) as {
  sha256: string;
  env: { secret: { key: string; value: string } };
};
const SECRET = MANIFEST.env.secret.value;

const cli = runCliCaptured;

/** The fixture rebuilt with `checkpoint/pages-1.img` cut to its first page: its pagemap promises more. */
async function withShortPages(path: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-short-cache-'));
  const index = await openIndex(FIXTURE, { cacheDir: dir });
  try {
    const parts: Buffer[] = [];
    let cut = false;
    for (const m of index.members) {
      if (m.type === 'directory') parts.push(entry({ name: `${m.rawName.replace(/\/?$/, '/')}`, type: '5' }));
      else if (m.type === 'file') {
        let data = await index.readAll(m, 64 * 1024 * 1024);
        if (m.name === 'checkpoint/pages-1.img') {
          expect(data.length).toBeGreaterThan(4096);
          data = data.subarray(0, 4096);
          cut = true;
        }
        parts.push(file(m.rawName, data, { mode: m.mode }));
      }
    }
    expect(cut).toBe(true);
    await writeFile(path, tar(...parts));
  } finally {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  }
}

let dir: string;
let link: string;
let linkedDir: string;
let short: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-link-'));
  link = join(dir, 'latest.tar');
  await symlink(FIXTURE, link);
  // A folder of links, reached through a link to the folder.
  await mkdir(join(dir, 'links'));
  await symlink(link, join(dir, 'links', 'checkpoint.tar'));
  await symlink(join(dir, 'links'), join(dir, 'links-dir'));
  linkedDir = join(dir, 'links-dir', 'checkpoint.tar');
  short = join(dir, 'short-pages.tar');
  await withShortPages(short);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an archive named through a symbolic link', () => {
  it('memparse --search finds the same matches as through the real path', async () => {
    const real = await cli(['memparse', FIXTURE, '--search', SECRET]);
    expect(real.code).toBe(EXIT.ok);
    expect(real.out).not.toMatch(/^No matches/m);
    // checkpointctl's table: PID, ADDRESS, MATCH, INSTANCE (the last is the count so far).
    const rows = (text: string) => text.split('\n').filter((l) => /^\d+ +\S+ +[0-9a-f]{16} /.test(l));
    const count = [String(rows(real.out).length), String(rows(real.out).length)];
    expect(Number(count[1])).toBeGreaterThan(0);
    for (const path of [link, linkedDir]) {
      const viaLink = await cli(['memparse', path, '--search', SECRET]);
      expect(viaLink.err).toBe('');
      expect(viaLink.code).toBe(EXIT.ok);
      expect(rows(viaLink.out)).toEqual(rows(real.out));
      expect(rows(viaLink.out).length).toBe(Number(count?.[1]));
    }
  });

  it('findings through a link include the memory findings of the real path', async () => {
    const real = await cli(['findings', FIXTURE, '--format', 'json']);
    expect(real.code).toBe(EXIT.ok);
    const viaLink = await cli(['findings', linkedDir, '--format', 'json']);
    expect(viaLink.code).toBe(EXIT.ok);
    expect(viaLink.err).toBe('');
    const parsed = JSON.parse(viaLink.out) as { complete: boolean; findings: { locations: { source: string }[] }[] };
    expect(parsed.complete).toBe(true);
    expect(parsed.findings.some((f) => f.locations.some((l) => l.source === 'memory'))).toBe(true);
    expect(viaLink.out).toBe(real.out);
  });

  it('inspect --ps-tree-cmd through a link shows the argv read from memory', async () => {
    const real = await cli(['inspect', FIXTURE, '--ps-tree-cmd']);
    const viaLink = await cli(['inspect', link, '--ps-tree-cmd']);
    expect(viaLink.code).toBe(EXIT.ok);
    expect(viaLink.err).toBe('');
    expect(viaLink.out).toContain('/usr/sbin/httpd -f -p 8080 -h /www');
    expect(viaLink.out.replace(link, FIXTURE)).toBe(real.out);
  });
});

describe('memory that cannot be read', () => {
  it('memparse --search says incomplete, lists the pid on stderr and exits non-zero', async () => {
    const r = await cli(['memparse', short, '--search', SECRET]);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.err).toMatch(/search incomplete: \d+ match\(es\)/);
    expect(r.err).toMatch(/pid 1\b/);
    expect(r.err).toContain('search incomplete');
    const json = await cli(['memparse', short, '--search', SECRET, '--format', 'json']);
    expect(json.code).toBe(EXIT.incomplete);
    const summary = (
      JSON.parse(json.out) as { summary: { complete: boolean; problems: { pid?: number; code: string }[] } }
    ).summary;
    expect(summary.complete).toBe(false);
    expect(summary.problems.map((p) => p.pid)).toContain(1);
    expect(summary.problems.every((p) => /^[A-Z_]+$/.test(p.code))).toBe(true);
  });

  it('inspect --ps-tree-cmd says which argv could not be read, and exits non-zero', async () => {
    const r = await cli(['inspect', short, '--ps-tree-cmd']);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.err).toMatch(/pid 1\b.*not in the dump/);
    // What could be read is still shown.
    expect(r.out).toContain('/usr/sbin/httpd -f -p 8080 -h /www');
  });

  it('findings say incomplete and exit non-zero', async () => {
    const r = await cli(['findings', short]);
    expect(r.code).toBe(EXIT.incomplete);
    expect(r.out).toMatch(/^incomplete:/m);
    expect(r.err).toMatch(/pid 1\b/);
  });
});

describe('the search.start job and inspect.findings channel (GUI and browser host)', () => {
  it('finish with complete: false and the skipped pid when a pages file is short', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'ci-job-cache-'));
    const session: InspectSession = await openArchive(short, { archiveId: 'a1', cacheDir });
    try {
      const events = new EventBus();
      const jobs = new JobManager(events);
      const archives = { get: () => session };
      // Only the services these two channels use.
      const forensics = createForensicsApp({
        jobs,
        archives: archives as unknown as ArchivesPort,
        events,
        heavy: createHeavyRunner({ cacheBase: cacheDir }),
      });
      const handlers = forensicsHandlers({ archives, jobs, events, forensics } as unknown as CoreServices);
      const finished = new Promise<JobOutcome>((resolve) =>
        events.subscribe((event, payload) => {
          if (event === 'job.finished') resolve(payload as JobOutcome);
        }),
      );
      await handlers['search.start']({
        archiveId: 'a1',
        kind: 'text',
        query: SECRET,
        ignoreCase: false,
        utf16: false,
        context: 16,
        maxMatches: 100,
      });
      const outcome = await finished;
      expect(outcome.ok).toBe(true);
      const result = outcome.ok ? outcome.result : null;
      expect(result).toMatchObject({ kind: 'search', complete: false });
      expect(result?.kind === 'search' ? result.problems.map((p) => p.pid) : []).toContain(1);
      const report = await handlers['inspect.findings']({ archiveId: 'a1', memory: true });
      expect(report.complete).toBe(false);
      expect(report.problems.some((p) => p.pid === 1)).toBe(true);
    } finally {
      await session.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('an archive replaced after it was opened', () => {
  it('keeps reading the file that was opened', async () => {
    const path = join(dir, 'swapped.tar');
    await copyFile(FIXTURE, path);
    const cacheDir = await mkdtemp(join(tmpdir(), 'ci-swap-cache-'));
    const session = await openArchive(path, { archiveId: 'a1', cacheDir });
    try {
      const other = join(dir, 'other.tar');
      await copyFile(short, other);
      await rename(other, path);
      const result = await searchMemory(sessionSource(session), { kind: 'text', query: SECRET });
      expect(result.complete).toBe(true);
      expect(result.problems).toEqual([]);
      expect(result.matchCount).toBeGreaterThan(0);
      expect(await session.sha256()).toBe(MANIFEST.sha256);
      const files = await session.rootfs();
      expect(files.length).toBeGreaterThan(0);
      const page = await session.readRootfsFile('/www/index.html', 0, 4096);
      expect(page.total).toBeGreaterThan(0);
    } finally {
      await session.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
