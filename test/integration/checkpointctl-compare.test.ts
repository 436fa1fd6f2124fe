// `inspect --all --format json`, checkpointctl's and ours, on every archive
// the testbed makes here: containerd's own CRI checkpoint of web, ours of web
// through CRI and through the native task API, ours of the plain ctr
// container, and the CRIU dumps of test/checkpointctl-suite's subject packed
// as archives. Both must exit in the same class and agree on every key both
// have. (The committed fixtures are compared in
// test/unit/cli/inspect-compat-checkpointctl.test.ts.)
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir, cp } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA } from '../checkpointctl-suite/data';
import { checkTools, runTool } from '../checkpointctl-suite/harness';
import { makeSuiteImages, type SuiteImages } from '../checkpointctl-suite/images';
import { sharedKeyDifferences } from '../support/shared-keys';
import { criCheckpoint, ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';

const exec = promisify(execFile);
const skip = testbedGate();
const CLI = path.resolve(__dirname, '../../dist/cli/cli.cjs');

const ARCHIVES = [
  'containerd CRI checkpoint of web',
  'ours-cri-web',
  'ours-native-web',
  'ours-native-plain',
  'subject-imgs',
  'subject-diff-a',
  'subject-diff-b',
];

interface Made {
  name: string;
  file: string;
}

describe.skipIf(skip)('checkpointctl and ours agree on testbed archives (testbed)', () => {
  let tb: TestbedState;
  let dir: string;
  let images: SuiteImages;
  const archives: Made[] = [];

  const ours = async (name: string, args: string[]): Promise<void> => {
    const file = path.join(dir, `${name}.tar`);
    await exec(process.execPath, [CLI, 'checkpoint', ...args, '--address', tb.socket, '--output', file], {
      timeout: 300_000,
    });
    archives.push({ name, file });
  };

  /** A Podman-shaped archive around one of the subject's dumps. */
  const packed = async (name: string, imageDir: string): Promise<void> => {
    const src = path.join(dir, `${name}-src`);
    await mkdir(src);
    await writeFile(path.join(src, 'config.dump'), DATA.config);
    await writeFile(path.join(src, 'spec.dump'), DATA.spec);
    await writeFile(path.join(src, 'network.status'), DATA.networkMulti);
    await cp(imageDir, path.join(src, 'checkpoint'), { recursive: true });
    await cp(path.join(imageDir, 'stats-dump'), path.join(src, 'stats-dump'));
    const file = path.join(dir, `${name}.tar`);
    await exec('tar', ['-cf', file, '.'], { cwd: src });
    archives.push({ name, file });
  };

  beforeAll(async () => {
    checkTools();
    tb = await ensureTestbed();
    dir = await mkdtemp(path.join(tb.archiveDir, 'checkpointctl-compare-'));
    const web = tb.workloads.web;
    const criFile = path.join(dir, 'containerd-cri-web.tar');
    await criCheckpoint(tb, web.containerId, criFile);
    archives.push({ name: 'containerd CRI checkpoint of web', file: criFile });
    await ours('ours-cri-web', [web.containerId, '--namespace', web.namespace, '--via', 'cri']);
    await ours('ours-native-web', [web.containerId, '--namespace', web.namespace, '--via', 'native']);
    await ours('ours-native-plain', [tb.workloads.plain.containerId, '--namespace', 'default', '--via', 'native']);
    images = await makeSuiteImages(tb);
    await packed('subject-imgs', images.imgs);
    await packed('subject-diff-a', images.diffA);
    await packed('subject-diff-b', images.diffB);
  });

  afterAll(async () => {
    await images?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('made every archive', () => {
    expect(archives.map((a) => a.name)).toEqual(ARCHIVES);
  });

  it.each(ARCHIVES)('%s: inspect --all --format json', async (name) => {
    const a = archives.find((x) => x.name === name)!;
    const args = ['inspect', a.file, '--all', '--format', 'json'];
    const theirs = await runTool('checkpointctl', args, { cwd: dir });
    const mine = await runTool('ours', args, { cwd: dir });
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(mine.code, mine.stderr).toBe(0);
    expect(sharedKeyDifferences(JSON.parse(theirs.stdout), JSON.parse(mine.stdout))).toEqual([]);
  });
});
