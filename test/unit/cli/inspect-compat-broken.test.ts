// Broken archives and requested data that cannot be read, as checkpointctl's
// suite builds them: ours prints what it could read, names what is missing on
// stderr and exits non-zero (checkpointctl exits 1 with the reason), and
// `list` names the broken file on its own line.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStatsDump, MULTI_NETWORK, PODMAN_SPEC, writeCompatArchive } from '../../support/compat-archives';
import { runCliCaptured } from '../../support/run-cli-captured';

let dir: string;
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'h-inspect-broken-'));
  const config = '{}';
  writeCompatArchive(dir, 'empty-config.tar', { top: { 'config.dump': '' } });
  writeCompatArchive(dir, 'no-spec.tar', { top: { 'config.dump': config } });
  writeCompatArchive(dir, 'empty-spec.tar', { top: { 'config.dump': config, 'spec.dump': '' } });
  writeCompatArchive(dir, 'no-checkpoint.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC },
    checkpointDir: false,
  });
  writeCompatArchive(dir, 'podman.tar', { top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC } });
  writeCompatArchive(dir, 'stats-invalid.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC, 'stats-dump': PODMAN_SPEC },
  });
  writeCompatArchive(dir, 'stats-valid.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC, 'stats-dump': fixtureStatsDump() },
  });
  writeCompatArchive(dir, 'no-pages.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC },
    images: /^(pstree|core-\d+|pagemap-\d+|mm-\d+)\.img$/,
  });
  writeCompatArchive(dir, 'no-files.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC },
    images: /^(pstree|core-\d+)\.img$/,
  });
  writeCompatArchive(dir, 'no-fs.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC },
    images: /^(pstree|core-\d+|files|ids-\d+|fdinfo-\d+)\.img$/,
  });
  writeCompatArchive(dir, 'broken-network.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC, 'network.status': 'not-valid-json\n' },
  });
  writeCompatArchive(dir, 'multi-network.tar', {
    top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC, 'network.status': MULTI_NETWORK },
  });
  mkdirSync(at('list'));
  writeCompatArchive(at('list'), 'checkpoint-empty.tar', {});
  writeCompatArchive(at('list'), 'checkpoint-config.tar', { top: { 'config.dump': '', 'spec.dump': PODMAN_SPEC } });
  writeCompatArchive(at('list'), 'checkpoint-nospec.tar', { top: { 'config.dump': config } });
  writeCompatArchive(at('list'), 'checkpoint-valid.tar', { top: { 'config.dump': config, 'spec.dump': PODMAN_SPEC } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('show and inspect of a broken archive print what was read, name what is missing, exit non-zero', () => {
  const cases: [string, RegExp][] = [
    ['empty-config.tar', /problem: config\.dump: config\.dump: Unexpected end of JSON input \(ARCHIVE_CORRUPT\)/],
    ['no-spec.tar', /problem: spec\.dump: spec\.dump is not in the archive \(NOT_FOUND\)/],
    ['empty-spec.tar', /problem: spec\.dump: spec\.dump: Unexpected end of JSON input/],
    ['no-checkpoint.tar', /problem: checkpoint\/: no checkpoint\/ folder/],
  ];
  for (const [name, said] of cases) {
    it(`show ${name}`, async () => {
      const r = await runCliCaptured(['show', at(name)]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain(`Displaying container checkpoint data from ${at(name)}`);
      expect(r.out).toMatch(/^CONTAINER +IMAGE +ID +RUNTIME +CREATED +ENGINE +CHKPT SIZE$/m);
      expect(r.err).toMatch(said);
    });
    it(`inspect ${name}`, async () => {
      const r = await runCliCaptured(['inspect', at(name)]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('├── Engine: ');
      expect(r.err).toMatch(said);
      const json = await runCliCaptured(['inspect', at(name), '--format', 'json']);
      expect(json.code).not.toBe(0);
      const [node] = JSON.parse(json.out) as [{ problems: { where: string }[] }];
      expect(node.problems.length).toBeGreaterThan(0);
    });
  }

  it('an intact minimal archive still exits 0, with the zero time for its empty Created', async () => {
    const r = await runCliCaptured(['show', at('podman.tar')]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/0001-01-01T00:00:00Z +Podman +0 B/);
  });
});

describe('requested data is never silently dropped', () => {
  it('--stats without a stats-dump says so and exits non-zero', async () => {
    const r = await runCliCaptured(['inspect', at('podman.tar'), '--stats']);
    expect(r.code).not.toBe(0);
    expect(r.out).not.toContain('CRIU dump statistics');
    expect(r.err).toContain('problem: stats-dump: stats-dump is not in the archive');
  });

  it('--stats with a stats-dump that is no CRIU image names it', async () => {
    const r = await runCliCaptured(['inspect', at('stats-invalid.tar'), '--stats']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/problem: stats-dump: /);
  });

  it('--stats with a valid stats-dump shows the statistics at the line checkpointctl has them', async () => {
    const r = await runCliCaptured(['inspect', at('stats-valid.tar'), '--stats']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[8]).toContain('CRIU dump statistics');
    expect(lines[12]).toContain('Memwrite time');
    expect(lines[13]).toMatch(/[1-9]/);
  });

  for (const flag of ['--ps-tree-cmd', '--ps-tree-env']) {
    it(`${flag} without the pages file names it, shows the tree, exits non-zero`, async () => {
      const r = await runCliCaptured(['inspect', at('no-pages.tar'), flag]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/└── \[1\] {2}sh$/m);
      expect(r.err).toMatch(/problem: checkpoint\/pages-1\.img pid 1: checkpoint\/pages-1\.img is not in the archive/);
    });
  }

  it('--ps-tree alone does not need memory: no problem without mm and pages images', async () => {
    const r = await runCliCaptured(['inspect', at('no-files.tar'), '--ps-tree']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/\[6\] {2}httpd/);
  });

  for (const flag of ['--files', '--sockets']) {
    it(`${flag} without files.img names it and still shows the tree`, async () => {
      const r = await runCliCaptured(['inspect', at('no-files.tar'), flag]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('Process tree');
      expect(r.err).toContain('problem: checkpoint/files.img: checkpoint/files.img is not in the archive');
    });
  }

  it('--files without fs-PID.img lists the descriptors and names the missing cwd and root', async () => {
    const r = await runCliCaptured(['inspect', at('no-fs.tar'), '--files']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('[REG 0]  /dev/null');
    expect(r.out).not.toContain('[cwd]');
    expect(r.err).toContain('problem: checkpoint/fs-1.img pid 1: checkpoint/fs-1.img is not in the archive');
  });

  it('--pid naming no process fails with checkpointctl reason', async () => {
    const r = await runCliCaptured(['inspect', at('no-files.tar'), '--ps-tree', '--pid', '99999']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no process with PID 99999 (use `inspect --ps-tree` to view all PIDs)');
  });
});

describe('network.status', () => {
  it('a broken one is a warning, not a failure (checkpointctl shows no network and exits 0)', async () => {
    const r = await runCliCaptured(['inspect', at('broken-network.tar')]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l !== '')[6]).toContain('Podman');
    expect(r.err).toMatch(/warning: network\.status: /);
  });

  it('keeps every network of a multi-network container, in the tree and as networks[] in JSON', async () => {
    const r = await runCliCaptured(['inspect', at('multi-network.tar')]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[7]).toContain('Network Interfaces');
    expect(lines[8]).toContain('net1 (eth0)');
    for (const s of ['IP: 10.89.0.2/24', 'IP: 10.89.1.2/24', 'MAC: 5e:b7:fe:ee:e0:d8', 'Gateway: 10.89.1.1'])
      expect(r.out).toContain(s);
    const json = await runCliCaptured(['inspect', at('multi-network.tar'), '--format', 'json']);
    const [node] = JSON.parse(json.out) as [{ ip: string; mac: string; networks: unknown[] }];
    expect(node.ip).toBe('10.89.0.2, 10.89.1.2');
    expect(node.mac).toBe('32:ba:b8:45:bc:84, 5e:b7:fe:ee:e0:d8');
    expect(node.networks).toEqual([
      { name: 'net1', interfaces: { eth0: { ip: '10.89.0.2/24', mac: '32:ba:b8:45:bc:84', gateway: '10.89.0.1' } } },
      { name: 'net2', interfaces: { eth1: { ip: '10.89.1.2/24', mac: '5e:b7:fe:ee:e0:d8', gateway: '10.89.1.1' } } },
    ]);
  });
});

describe('list', () => {
  it('names each broken archive on a line of its own and lists the others', async () => {
    const r = await runCliCaptured(['list', at('list')]);
    expect(r.code).toBe(0);
    const errors = r.err.split('\n').filter((l) => l.startsWith('Error extracting information from '));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain(`${at('list')}/checkpoint-config.tar: config.dump: `);
    expect(errors[1]).toContain(`${at('list')}/checkpoint-empty.tar: `);
    expect(errors[2]).toContain(`${at('list')}/checkpoint-nospec.tar: spec.dump: spec.dump is not in the archive`);
    const rows = r.out.split('\n').filter((l) => l.includes('checkpoint-'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/Podman +01 Jan 01 00:00 UTC +checkpoint-valid\.tar$/);
  });

  it('says when a folder has no checkpoints', async () => {
    const r = await runCliCaptured(['list', at('nowhere')]);
    expect(r).toMatchObject({ code: 0, out: `No checkpoints found in [${at('nowhere')}]\n` });
  });
});

describe('no arguments', () => {
  it('prints the help on stdout and exits 0, as checkpointctl does', async () => {
    const r = await runCliCaptured([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: checkpoint-inspector <command>/);
    expect(r.out).toMatch(/^ {2}inspect /m);
  });
});
