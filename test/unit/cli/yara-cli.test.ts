// `checkpoint-inspector yara` on a testbed archive: the bundled rules find the
// web pod's AWS credentials in the environment on each process's stack; a
// rule with a syntax error is reported at its line and column.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YaraMemoryHit, YaraReport } from '../../../shared/dto/yara';
import { runCliCaptured } from '../../support/run-cli-captured';
import { WEB_ENV, WEB_SECRET } from '../../testbed/workloads';

const ARCHIVE = path.resolve('test/fixtures/containerd-cri-web.tar');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'h-yara-cli-'));
  await mkdir(path.join(dir, 'rules', 'nested'), { recursive: true });
  await writeFile(path.join(dir, 'bad.yar'), 'rule broken {\n  condition: $x\n}\n');
  await writeFile(
    path.join(dir, 'rules', 'a.yar'),
    `rule secret_env { strings: $s = "${WEB_SECRET.key}=" condition: $s }`,
  );
  await writeFile(
    path.join(dir, 'rules', 'nested', 'b.yara'),
    'rule httpd_name { strings: $h = "httpd" condition: $h }',
  );
  await writeFile(path.join(dir, 'rules', 'notes.txt'), 'not a rule file {');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint-inspector yara', () => {
  it('finds the planted AWS keys with the bundled rules: pid, process, address in its VMA, as JSON', async () => {
    const r = await runCliCaptured(['yara', ARCHIVE, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as YaraReport;
    expect(report.ruleFiles).toEqual(expect.arrayContaining(['bundled:cloud-credentials.yar']));
    const both = report.hits.filter((h): h is YaraMemoryHit => h.rule === 'cloud_aws_access_key');
    expect(both.map((h) => h.comm).sort()).toEqual(['httpd', 'sh', 'tail']);
    for (const h of both) {
      expect(h.vma.file).toBe('[stack]');
      expect(h.address).toBeGreaterThanOrEqual(h.vma.start);
      expect(h.address).toBeLessThan(h.vma.end);
      const texts = h.strings.map((s) => Buffer.from(s.data, 'hex').toString());
      expect(texts).toEqual([WEB_ENV['AWS_ACCESS_KEY_ID'], `${WEB_SECRET.key}=${WEB_SECRET.value}`]);
    }
    expect(report.scanned.notInCheckpointBytes).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
  });

  it('reports a syntax error at its file, line and column, and exits 1', async () => {
    const bad = path.join(dir, 'bad.yar');
    const r = await runCliCaptured(['yara', ARCHIVE, '--rules', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `checkpoint-inspector: ${bad}:2:14: unknown pattern \`$x\`: this pattern is not declared in the \`strings\` section\n`,
    );
  });

  it('takes a folder of .yar/.yara files (other names left out) instead of the bundled rules, as a table', async () => {
    const r = await runCliCaptured(['yara', ARCHIVE, '--rules', path.join(dir, 'rules')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/secret_env/);
    expect(r.out).toMatch(/httpd_name/);
    expect(r.out).not.toMatch(/cloud_aws/);
    expect(r.out).toMatch(/hit\(s\) of 2 rule\(s\)/);
  });
});
