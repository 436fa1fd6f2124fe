// Core files of a real checkpoint (issue 14): the pod of
// test/testbed/core-target.c (a marker written at run time at a known
// address, two waiting threads) checkpointed with our CLI, then `coredump`,
// then Debian's gdb on the binary and core.PID: the registers are those of
// core-PID.img as CRIU's own crit decodes them, the marker is read at its
// address (from the core: its page is dirty, not in the binary), and every
// thread is there.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { critDecode } from '../testbed/crit';
import { CORE_MARKER, startCoreTarget, type CoreTargetWorkload } from '../testbed/coredump-workload';
import type { TestbedState } from '../testbed/testbed';
import { checkpointArgs } from './support/cli-args';
import { bundleCli } from './support/checkpoint-cli-run';
import { execCli } from './support/cli-exec';
import { describeSuites } from './support/suites';

const exec = promisify(execFile);

describeSuites('core files of a checkpointed process, read by gdb (testbed)', (suite) => {
  let tb: TestbedState;
  let scratch: string;
  let cli: string;
  let w: CoreTargetWorkload | undefined;
  let archive: string;
  const run = (args: string[]) => execCli(cli, args);

  beforeAll(async () => {
    tb = suite.state;
    scratch = await mkdtemp(path.join(tb.archiveDir, 'h-core-'));
    cli = await bundleCli('h-core');
    w = await startCoreTarget(tb, `h-core-${suite.name}`);
    archive = path.join(scratch, 'core-target.tar');
    const made = await run(checkpointArgs(tb, w, 'native', archive));
    expect(made.code, made.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await w?.remove();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (cli) await rm(path.dirname(cli), { recursive: true, force: true });
  }, 120_000);

  it('gdb shows the registers of core-PID.img, the marker at its address and every thread', async () => {
    const out = path.join(scratch, 'cores');
    await mkdir(out);
    const r = await run(['coredump', archive, '--pid', String(w!.pid), '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const core = path.join(out, `core.${w!.pid}`);
    expect(r.stdout).toContain(core);

    const images = path.join(scratch, 'images');
    await mkdir(images);
    await exec('tar', ['-xf', archive, '-C', images, `checkpoint/core-${w!.pid}.img`]);
    const decoded = (await critDecode(path.join(images, 'checkpoint', `core-${w!.pid}.img`))) as {
      entries: { thread_info: { gpregs: { ip: string; sp: string } } }[];
    };
    const { ip, sp } = decoded.entries[0]!.thread_info.gpregs;

    const address = `0x${w!.markerAddress.toString(16)}`;
    const gdb = await exec(
      'gdb',
      [
        '-nx',
        '-batch',
        '-ex',
        'info registers rip rsp',
        '-ex',
        `x/s ${address}`,
        '-ex',
        'info threads',
        w!.binary,
        core,
      ],
      { timeout: 120_000, maxBuffer: 16 << 20 },
    );
    const text = gdb.stdout;
    expect(BigInt(/^rip\s+(0x[0-9a-f]+)/m.exec(text)?.[1] ?? '-1'), text).toBe(BigInt(ip));
    expect(BigInt(/^rsp\s+(0x[0-9a-f]+)/m.exec(text)?.[1] ?? '-1'), text).toBe(BigInt(sp));
    expect(text).toMatch(new RegExp(`^${address} <marker>:\\s+"${CORE_MARKER}"$`, 'm'));
    const lwps = [...text.matchAll(/LWP (\d+)/g)].map((m) => Number(m[1]));
    expect(new Set(lwps), text).toEqual(new Set([w!.pid, ...w!.tids]));
    expect(w!.tids).toHaveLength(2);
  }, 300_000);

  it('without --pid writes a core file of every process, each an x86-64 ELF core', async () => {
    const out = path.join(scratch, 'all');
    await mkdir(out);
    const r = await run(['coredump', archive, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const head = (await readFile(path.join(out, `core.${w!.pid}`))).subarray(0, 20);
    expect(head.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect([head.readUInt16LE(16), head.readUInt16LE(18)]).toEqual([4, 62]);
  }, 300_000);
});
