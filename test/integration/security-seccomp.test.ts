// The security context of a real confined workload (issue 15): a pod started
// with CRI's RuntimeDefault seccomp profile and no_new_privs, checkpointed
// with our CLI. Its filter (runc's, compiled by libseccomp) decodes to a list
// that allows read and denies what containerd's default profile leaves out;
// the capability sets are those /proc/PID/status showed just before.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SecurityReport } from '../../shared/dto';
import {
  liveCapabilities,
  liveSeccomp,
  startSecurityWorkload,
  type SecurityWorkload,
} from '../testbed/security-workload';
import type { TestbedState } from '../testbed/testbed';
import { checkpointArgs } from './support/cli-args';
import { bundleCli } from './support/checkpoint-cli-run';
import { execCli } from './support/cli-exec';
import { describeSuites } from './support/suites';

describeSuites('security context of a RuntimeDefault seccomp pod (testbed)', (suite) => {
  let tb: TestbedState;
  let scratch: string;
  let cli: string;
  let w: SecurityWorkload | undefined;
  let archive: string;
  let live: ReturnType<typeof liveCapabilities>;
  let liveMode: ReturnType<typeof liveSeccomp>;
  const run = (args: string[]) => execCli(cli, args);

  beforeAll(async () => {
    tb = suite.state;
    scratch = await mkdtemp(path.join(tb.archiveDir, 'h-security-'));
    cli = await bundleCli('h-security');
    w = await startSecurityWorkload(tb, `h-security-${suite.name}`);
    archive = path.join(scratch, 'confined.tar');
    live = liveCapabilities(w.hostPid);
    liveMode = liveSeccomp(w.hostPid);
    const r = await run(checkpointArgs(tb, w, 'native', archive));
    expect(r.code, r.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await w?.remove();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (cli) await rm(path.dirname(cli), { recursive: true, force: true });
  }, 120_000);

  const report = async (): Promise<SecurityReport> => {
    const r = await run(['security', archive, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as SecurityReport;
  };

  it('ran confined: /proc says seccomp filter and no_new_privs', () => {
    expect(liveMode).toEqual({ seccomp: '2', noNewPrivs: '1' });
  });

  it('decodes the filter: read allowed, kexec_load and reboot denied, clone depends on arguments', async () => {
    const r = await report();
    const init = r.processes.find((p) => p.pid === 1)!;
    expect(init).toMatchObject({ seccompMode: 'filter', noNewPrivs: true });
    expect(init.seccompChain).not.toBeNull();
    const chain = r.seccomp.find((c) => c.top === init.seccompChain)!;
    const x86 = chain.arches.find((a) => a.arch === 'x86_64')!;
    const of = (name: string) => x86.syscalls.find((s) => s.name === name)!;
    expect(of('read')).toMatchObject({ action: { kind: 'allow' }, dependsOnArgs: false });
    expect(of('write').action.kind).toBe('allow');
    for (const denied of ['kexec_load', 'reboot', 'init_module', 'mount'])
      expect(of(denied).action, denied).toMatchObject({ kind: 'errno', data: 1 });
    // containerd's default profile allows clone only without namespace flags.
    expect(of('clone').dependsOnArgs).toBe(true);
    // RuntimeDefault allows most syscalls by name and denies the rest (its default action).
    expect(x86.commonAction.kind).toBe('allow');
    // runc lists x86-64, i386 and x32: the i386 table is filtered too.
    const i386 = chain.arches.find((a) => a.arch === 'i386')!;
    expect(i386.syscalls.find((s) => s.name === 'read')!.action.kind).toBe('allow');
    expect(r.spec?.seccomp).toMatch(/^SCMP_ACT_ERRNO \(\d+ rules\)$/);
    expect(r.problems).toEqual([]);
  });

  it('has the capability sets /proc/PID/status showed before the checkpoint', async () => {
    const init = (await report()).processes.find((p) => p.pid === 1)!;
    expect(init.capHex).toEqual({
      inheritable: live.CapInh,
      permitted: live.CapPrm,
      effective: live.CapEff,
      bounding: live.CapBnd,
      ambient: live.CapAmb,
    });
  });

  it('finds no difference between the spec and what CRIU saw', async () => {
    const r = await report();
    expect(r.differences).toEqual([]);
    const text = await run(['security', archive, '--pid', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/seccomp: filter \(filter chain \d+\)/);
    expect(text.stdout).toMatch(/x86_64: most syscalls allow \(\d+ of the \d+ in our table\); the others:/);
    expect(text.stdout).toMatch(/errno 1 \(EPERM\) \(\d+\): .*\bkexec_load\b/);
    expect(text.stdout).toContain('differences between the spec and what CRIU saw: none');
  });
});
