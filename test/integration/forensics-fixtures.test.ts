// Findings and reports of the committed fixture archives (no testbed needed):
// the `web` pod's planted secret is found and nothing else; each fixture's
// HTML report opens in Chromium with no console errors and shows the process
// tree (screenshots in test-results/screenshots/); a hostile archive (markup
// in a rootfs file name, a command line and the container name) is escaped.
// Needs /usr/bin/chromium for the report checks.
import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { chromium, type Browser } from '@playwright/test';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../../electron/inspect/findings/find-secrets';
import { openArchive } from '../../electron/inspect/open-archive';
import { writeReport } from '../../electron/inspect/report/write-report';
import { sessionSource } from '../../electron/inspect/search/memory-source';
import { createAppCore } from '../../electron/ipc/app-core';
import { createArchivesPort } from '../../electron/inspect/archive-registry';
import type { ContainerdPort } from '../../electron/app/ports';
import { SettingsStore } from '../../electron/settings/settings-store';
import type { ArchiveDiff, FindingsReport } from '../../shared/dto';
import type { InspectSession } from '../../electron/inspect/session';

type Hdr = Parameters<tar.Pack['entry']>[0];

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const fixtures = (await readdir(FIXTURES)).filter((n) => /\.tar(\.gz|\.zst)?$/.test(n)).sort();

interface Manifest {
  processes: { pid: number; comm: string }[];
  env: { secret: { key: string; value: string } };
}

let work: string;
let n = 0;
async function withSession<T>(file: string, use: (s: InspectSession) => Promise<T>): Promise<T> {
  const cacheDir = path.join(work, `c${n++}`);
  await mkdir(cacheDir, { mode: 0o700 });
  const s = await openArchive(file, { archiveId: `a${n}`, cacheDir });
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

/** Tar entries of a (possibly gzip) tar in memory; fine for these small fixtures. */
async function entries(bytes: Buffer): Promise<{ header: Hdr; data: Buffer }[]> {
  const out: { header: Hdr; data: Buffer }[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => parts.push(c as Buffer));
      stream.on('end', () => {
        out.push({ header, data: Buffer.concat(parts) });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes]).pipe(extract);
  await done;
  return out;
}

async function pack(items: { header: Hdr; data: Buffer }[]): Promise<Buffer> {
  const p = tar.pack();
  const parts: Buffer[] = [];
  p.on('data', (c: unknown) => parts.push(c as Buffer));
  const done = new Promise<void>((resolve) => p.on('end', resolve));
  for (const { header, data } of items)
    p.entry(
      { ...header, size: header.type === 'file' ? data.length : 0 },
      header.type === 'file' ? data : Buffer.alloc(0),
    );
  p.finalize();
  await done;
  return Buffer.concat(parts);
}

const HOSTILE_FILE = 'data/<script>alert(1)</script><img src=x>.txt';
const HOSTILE_ARG = '<img src=x a>'; // as long as /data/log.txt, so the argv keeps its size
const HOSTILE_NAME = '<script>document.title="pwned"</script>';

/** The cri web fixture with markup planted where the report shows archive data. */
async function hostileArchive(): Promise<string> {
  const items = await entries(await readFile(path.join(FIXTURES, 'containerd-cri-web.tar')));
  let planted = 0;
  for (const item of items) {
    if (item.header.name === 'rootfs-diff.tar') {
      const inner = await entries(item.data);
      inner.push({
        header: { name: HOSTILE_FILE, type: 'file', mode: 0o644, mtime: new Date(0) },
        data: Buffer.from('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'),
      });
      item.data = gzipSync(await pack(inner));
      planted++;
    } else if (/^checkpoint\/pages-\d+\.img$/.test(item.header.name)) {
      const argv = Buffer.from('/usr/bin/tail\0-f\0/data/log.txt\0');
      const at = item.data.indexOf(argv);
      if (at >= 0) {
        item.data.write(HOSTILE_ARG, at + argv.length - 1 - '/data/log.txt'.length, 'latin1');
        planted++;
      }
    } else if (item.header.name === 'spec.dump') {
      const spec = JSON.parse(item.data.toString()) as { annotations?: Record<string, string> };
      spec.annotations = { ...spec.annotations, 'io.kubernetes.cri.container-name': HOSTILE_NAME };
      item.data = Buffer.from(JSON.stringify(spec));
      planted++;
    } else if (item.header.name === 'config.dump') {
      const config = JSON.parse(item.data.toString()) as Record<string, unknown>;
      item.data = Buffer.from(JSON.stringify({ ...config, name: HOSTILE_NAME }));
      planted++;
    }
  }
  expect(planted).toBe(4);
  const file = path.join(work, 'hostile.tar');
  await writeFile(file, await pack(items));
  return file;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ci-forensics-fixtures-'));
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('has fixtures to check', () => {
  expect(fixtures.length).toBeGreaterThan(0);
});

describe.each(fixtures)('findings of %s', (name) => {
  it('include the planted secret, and only the expected credentials', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(FIXTURES, name.replace(/\.tar(\.gz|\.zst)?$/, '.manifest.json')), 'utf8'),
    ) as Manifest;
    const report = await withSession(path.join(FIXTURES, name), (s) => findSecrets(s, { memory: sessionSource(s) }));
    const secret = report.findings.find((f) => report.values.get(f.id) === manifest.env.secret.value);
    expect(secret).toBeDefined();
    expect(secret!.name).toBe(manifest.env.secret.key);
    expect(secret!.severity).toBe('high');
    expect(secret!.masked).not.toContain('EXAMPLE');
    const sources = new Set(secret!.locations.map((l) => l.source));
    for (const s of ['environment', 'spec', 'memory']) expect(sources).toContain(s);
    // Every process that holds the environment is named.
    for (const p of manifest.processes)
      expect(secret!.locations.some((l) => l.pid === p.pid && l.source === 'environment')).toBe(true);
    // Expected besides the secret: the planted AWS access key id (a credential too). Nothing else.
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    expect(report.problems).toEqual([]);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  `reports in Chromium ${existsSync(CHROMIUM) ? '' : '(no /usr/bin/chromium)'}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function open(
      file: string,
      shot: string,
    ): Promise<{ errors: string[]; tree: string; title: string; scripts: number; images: number }> {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) errors.push(`network request: ${r.url()}`);
      });
      await page.goto(`file://${file}`);
      const tree = await page.locator('#process-tree').innerText();
      await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
      const result = {
        errors,
        tree,
        title: await page.title(),
        scripts: await page.locator('script').count(),
        images: await page.locator('img').count(),
      };
      await page.close();
      return result;
    }

    it.each(fixtures)('the HTML report of %s opens with no console errors and shows the process tree', async (name) => {
      const manifest = JSON.parse(
        await readFile(path.join(FIXTURES, name.replace(/\.tar(\.gz|\.zst)?$/, '.manifest.json')), 'utf8'),
      ) as Manifest;
      const html = path.join(work, `${name}.html`);
      const json = path.join(work, `${name}.json`);
      await withSession(path.join(FIXTURES, name), async (s) => {
        await writeReport(s, html, 'html');
        await writeReport(s, json, 'json', { memory: false });
      });
      const text = await readFile(html, 'utf8');
      expect(text).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
      expect(text).not.toMatch(/<script|<link|src=|https?:\/\//i);
      expect(text).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
      const r = await open(html, `report-${name}.png`);
      expect(r.errors).toEqual([]);
      for (const p of manifest.processes) expect(r.tree).toContain(`[${p.pid}] ${p.comm}`);
      const data = JSON.parse(await readFile(json, 'utf8')) as {
        archive: { sha256: string; size: number };
        tool: { version: string };
        analyzedAt: string;
        processTree: unknown[];
      };
      expect(data.archive.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(data.archive.size).toBeGreaterThan(0);
      expect(data.tool.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(Date.parse(data.analyzedAt)).not.toBeNaN();
      expect(data.processTree.length).toBe(1);
    });

    it('escapes markup planted in a file name, a command line and the container name', async () => {
      const file = await hostileArchive();
      const html = path.join(work, 'hostile.html');
      await withSession(file, (s) => writeReport(s, html, 'html'));
      const text = await readFile(html, 'utf8');
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<img');
      expect(text).toContain('&#60;img src=x a&#62;');
      const r = await open(html, 'report-hostile.png');
      expect(r.errors).toEqual([]);
      expect(r.scripts).toBe(0);
      expect(r.images).toBe(0);
      expect(r.title).not.toBe('pwned');
      expect(text).toContain('&#60;script&#62;document.title=&#34;pwned&#34;&#60;/script&#62;');
      expect(r.tree).toContain(`/usr/bin/tail -f ${HOSTILE_ARG}`);
      // The rootfs file's secret is found too (a rootfs finding of the same value).
      const found = await withSession(file, (s) => findSecrets(s, { memory: null }));
      const secret = found.findings.find((f) => f.ruleId === 'aws-secret-access-key');
      expect(secret?.locations.some((l) => l.source === 'rootfs' && l.path === `/${HOSTILE_FILE}`)).toBe(true);
    });
  },
);

describe('the forensic channels of the contract', () => {
  const noContainerd = (): ContainerdPort => ({
    status: () => ({}) as ReturnType<ContainerdPort['status']>,
    connect: () => Promise.reject(new Error('not in this test')),
    containers: () => Promise.resolve([]),
    checkpoint: () => Promise.reject(new Error('not in this test')),
    close: () => undefined,
  });

  it('lists findings masked, reveals one on demand, compares two archives and saves a report', async () => {
    const saved = path.join(work, 'contract-report.html');
    const core = await createAppCore({
      host: { kind: 'electron', samplePath: null, showSaveDialog: () => Promise.resolve(saved) },
      settings: await SettingsStore.load(await mkdtemp(path.join(work, 'user-'))),
      allowCheckpoint: false,
      archives: await createArchivesPort({ cacheBase: work }),
      containerd: noContainerd,
    });
    try {
      const a = (await core.openPath(path.join(FIXTURES, 'containerd-cri-web.tar'))).archiveId;
      const b = (await core.openPath(path.join(FIXTURES, 'podman-web-zstd.tar.zst'))).archiveId;
      const listed = await core.dispatch('inspect.findings', { archiveId: a });
      if (!listed.ok) throw new Error(JSON.stringify(listed.error));
      const report = listed.value as FindingsReport;
      expect(JSON.stringify(report)).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
      const secret = report.findings.find((f) => f.ruleId === 'aws-secret-access-key')!;
      const revealed = await core.dispatch('inspect.revealFinding', { archiveId: a, findingId: secret.id });
      expect(revealed).toEqual({ ok: true, value: { value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
      const unknown = await core.dispatch('inspect.revealFinding', { archiveId: a, findingId: 'fnope' });
      expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');

      const diff = await core.dispatch('diff.compare', { archiveIdA: a, archiveIdB: b });
      if (!diff.ok) throw new Error(JSON.stringify(diff.error));
      const d = diff.value as ArchiveDiff;
      expect(d.a.fileName).toBe('containerd-cri-web.tar');
      expect(d.processes.added).toEqual([]);
      expect(d.processes.removed).toEqual([]);
      expect(d.spec.length).toBeGreaterThan(0);

      const exported = await core.dispatch('report.export', { archiveId: a, format: 'html' });
      expect(exported).toEqual({ ok: true, value: { saved: true } });
      expect(await readFile(saved, 'utf8')).toContain('id="process-tree"');

      const strings = await core.dispatch('inspect.strings', {
        archiveId: a,
        pid: 7,
        from: 0,
        minLength: 6,
        limit: 5000,
      });
      if (!strings.ok) throw new Error(JSON.stringify(strings.error));
      const texts = (strings.value as { strings: { text: string }[] }).strings.map((x) => x.text);
      expect(texts).toContain('/data/log.txt');
    } finally {
      await core.dispose();
    }
  });
});
