import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/dto';
import { FindingCollector, location } from '../../../electron/inspect/findings/collector';
import { findSecrets } from '../../../electron/inspect/findings/find-secrets';
import { jsonDiff } from '../../../electron/inspect/diff/json-diff';
import { processChange } from '../../../electron/inspect/diff/process-diff';
import { escapeHtml, renderReportHtml } from '../../../electron/inspect/report/report-html';
import { processTree, type ArchiveReport } from '../../../electron/inspect/report/report-model';
import { pagesRegions } from '../../../electron/inspect/search/pages-regions';

const proc = (pid: number, ppid: number, comm = `p${pid}`, cmdline: string[] = []): ProcessInfo => ({
  pid,
  ppid,
  pgid: pid,
  sid: pid,
  comm,
  state: 'alive',
  cmdline,
  threads: [pid],
  uid: 0,
  gid: 0,
});

describe('FindingCollector', () => {
  it('groups one value seen in many places and names it by the most specific rule', () => {
    const c = new FindingCollector();
    c.scanVariable(
      'AWS_SECRET_ACCESS_KEY',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'environment',
      location('environment', 'pid 1 env'),
    );
    c.scanText('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'memory', () =>
      location('memory', 'pid 1 memory 0x10'),
    );
    const { findings, values } = c.findings('salt');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.ruleId).toBe('aws-secret-access-key');
    expect(findings[0]!.name).toBe('AWS_SECRET_ACCESS_KEY');
    expect(findings[0]!.locations.map((l) => l.source)).toEqual(['environment', 'memory']);
    expect(values.get(findings[0]!.id)).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(JSON.stringify(findings)).not.toContain('EXAMPLEKEY');
  });

  it('ignores trivial values of credential-named variables', () => {
    const c = new FindingCollector();
    c.scanVariable('AUTH_ENABLED', 'true', 'environment', location('environment', 'x'));
    c.scanVariable('DB_PASSWORD', '', 'environment', location('environment', 'x'));
    expect(c.findings('s').findings).toEqual([]);
  });

  it('finds passwords in command lines and rootfs files through a session', async () => {
    const session = {
      archiveId: 'a1',
      processes: () => Promise.resolve([proc(1, 0, 'mysqld', ['mysqld', '--password=hunter22'])]),
      cmdline: () => Promise.resolve(['mysqld', '--password=hunter22']),
      process: () =>
        Promise.resolve({ environment: [] } as unknown as Awaited<
          ReturnType<Parameters<typeof findSecrets>[0]['process']>
        >),
      spec: () => Promise.resolve({ process: { env: ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789'] } }),
      config: () => Promise.resolve(null),
      rootfs: () =>
        Promise.resolve([
          {
            path: '/etc/app.conf',
            type: 'file' as const,
            change: 'added' as const,
            size: 30,
            mode: 0o644,
            uid: 0,
            gid: 0,
            mtime: null,
            linkTarget: null,
          },
        ]),
      readRootfsFile: () =>
        Promise.resolve({
          offset: 0,
          total: 30,
          data: Buffer.from('# app\npassword = s3cr3t-pass\n'),
        }),
    };
    const r = await findSecrets(session, { memory: null });
    const byRule = Object.fromEntries(r.findings.map((f) => [f.ruleId, f.locations[0]!.where]));
    expect(byRule).toEqual({
      'cmdline-password': 'pid 1 (mysqld) cmdline',
      'github-token': 'spec.dump process.env[0]',
      'password-assignment': '/etc/app.conf:2',
    });
  });
  it('applies the name rules to a spec variable whose name hides control characters', async () => {
    const session = {
      archiveId: 'a1',
      processes: () => Promise.resolve([]),
      cmdline: () => Promise.resolve([]),
      process: () => Promise.reject(new Error('no processes')),
      spec: () => Promise.resolve({ process: { env: ['HIDDEN_\x1b[8mTOKEN=opaque-value-7731'] } }),
      config: () => Promise.resolve(null),
      rootfs: () => Promise.resolve([]),
      readRootfsFile: () => Promise.reject(new Error('no files')),
    };
    const r = await findSecrets(session, { memory: null });
    expect(r.findings.map((f) => [f.name, f.locations[0]!.where])).toEqual([
      ['HIDDEN_\x1b[8mTOKEN', 'spec.dump process.env[0]'],
    ]);
  });
});

describe('diff pieces', () => {
  it('lists JSON leaf changes and masks credential-looking values', () => {
    const changes = jsonDiff(
      { a: 1, env: ['PATH=/bin', 'DB_PASSWORD=old-password'], gone: true },
      { a: 2, env: ['PATH=/bin', 'DB_PASSWORD=new-password'], added: 'x' },
    );
    expect(changes).toEqual([
      { path: 'a', before: 1, after: 2, change: 'changed', mark: { prefix: 0, suffix: 0 } },
      {
        path: 'env["DB_PASSWORD"]',
        before: expect.stringMatching(/^DB_PASSWORD=old-•+rd$/) as unknown,
        after: expect.stringMatching(/^DB_PASSWORD=new-•+rd$/) as unknown,
        change: 'changed',
        mark: expect.objectContaining({ prefix: 'DB_PASSWORD='.length }) as unknown,
      },
      { path: 'gone', before: true, after: null, change: 'removed', mark: null },
      { path: 'added', before: null, after: 'x', change: 'added', mark: null },
    ]);
  });

  it('reports process changes field by field, and none for identical processes', () => {
    const a = {
      info: proc(5, 1, 'app', ['app']),
      detail: { environment: [{ name: 'MODE', value: 'a' }], credentials: null },
      memory: null,
    };
    const b = {
      info: proc(5, 1, 'app', ['app', '--debug']),
      detail: { environment: [{ name: 'MODE', value: 'b' }], credentials: null },
      memory: null,
    };
    expect(processChange(a, a)).toBeNull();
    const c = processChange(a, b)!;
    expect(c.fields).toEqual(['cmdline', 'environment']);
    expect(c.details[1]).toEqual({
      field: 'environment["MODE"]',
      before: 'a',
      after: 'b',
      mark: { prefix: 0, suffix: 0 },
    });
  });
});

describe('report', () => {
  it('escapes markup and control characters', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>\u0007')).toBe(
      '&#60;script&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/script&#62;\uFFFD',
    );
  });

  it('builds a tree that survives pid cycles and self-parents', () => {
    const tree = processTree([proc(1, 0), proc(2, 1), proc(3, 4), proc(4, 3), proc(5, 5)]);
    const flat = (ns: typeof tree): number[] => ns.flatMap((n) => [n.pid, ...flat(n.children)]);
    expect(flat(tree).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(tree.find((n) => n.pid === 1)!.children.map((c) => c.pid)).toEqual([2]);
  });

  it('renders no markup from archive data and a CSP that allows only its own style', () => {
    const report: ArchiveReport = {
      schema: 1,
      tool: { name: 'Checkpoint Inspector', version: '0.1.0' },
      analyzedAt: '2026-01-01T00:00:00.000Z',
      archive: { fileName: '<b>a.tar</b>', size: 1, sha256: 'ab', compression: 'none', engine: 'containerd' },
      overview: null,
      processTree: processTree([proc(1, 0, '<i>sh</i>', ['sh', '-c', '<img src=x onerror=alert(1)>'])]),
      files: [
        { pid: 1, comm: 'sh', fd: 3, type: 'REG', path: '/tmp/<svg onload=alert(1)>', flags: '', position: null },
      ],
      sockets: [],
      mounts: [],
      rootfs: [],
      findings: { findings: [], complete: true, problems: [] },
      problems: [],
    };
    const html = renderReportHtml(report);
    expect(html).not.toMatch(/<(b|i|img|svg)[ >]/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toMatch(/content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/);
    expect(html).not.toMatch(/<script/);
  });
});

describe('pagesRegions', () => {
  it('reads a stretch with one read and fills gaps between stretches with zeros', async () => {
    const file = Buffer.from('AAAABBBBCCCC');
    const reads: [number, number][] = [];
    const pages = {
      size: file.length,
      read: (o: number, l: number) => {
        reads.push([o, l]);
        return Promise.resolve(file.subarray(o, o + l));
      },
    };
    // [0x100,0x104) at file 0, [0x104,0x108) at file 4 (one stretch), [0x200,0x204) at file 8.
    const r = pagesRegions(
      [
        { start: 0x100, end: 0x104, inFile: true, pagesOffset: 0 },
        { start: 0x104, end: 0x108, inFile: true, pagesOffset: 4 },
        { start: 0x200, end: 0x204, inFile: true, pagesOffset: 8 },
      ],
      pages,
    );
    expect(r.runs).toEqual([
      { start: 0x100, end: 0x108 },
      { start: 0x200, end: 0x204 },
    ]);
    expect((await r.read(0x102, 4)).toString()).toBe('AABB');
    expect(reads).toEqual([[2, 4]]);
    const spanning = await r.read(0x106, 0x200 - 0x106 + 2);
    expect(spanning.subarray(0, 2).toString()).toBe('BB');
    expect(spanning.subarray(spanning.length - 2).toString()).toBe('CC');
    expect(spanning.subarray(2, spanning.length - 2).every((b) => b === 0)).toBe(true);
  });
});
