/** Runs the attack cases through one host's invoke and collects what broke the rules. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';
import type { Envelope } from '../../../shared/envelope';
import { CHANNEL_NAMES, contract } from '../../../shared/contract';
import { malformedCalls, schemaAccepts, validSeeds, type Call } from './contract-cases';
import { sampleCalls, UNKNOWN_IDS } from './sample-cases';

export const SAMPLE = resolve(__dirname, '../../../resources/sample/sample-checkpoint.tar');

export type Invoke = (channel: string, args: unknown) => Promise<Envelope<unknown>>;

export interface Harness {
  composed: ComposedCore;
  tmp: string;
  dispose(): Promise<void>;
}

/** The real core of the browser host (sample bundled, checkpointing allowed), cache and settings in a temp folder. */
export async function realCore(): Promise<Harness> {
  const tmp = await mkdtemp(join(tmpdir(), 'ci-attack-'));
  const previous = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = join(tmp, 'cache');
  const composed = await composeCore({
    host: { kind: 'browser', samplePath: SAMPLE },
    userDataDir: join(tmp, 'user'),
    allowCheckpoint: true,
  });
  if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = previous;
  return {
    composed,
    tmp,
    dispose: async () => {
      await composed.dispose();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

async function value<T>(invoke: Invoke, channel: string, args: unknown): Promise<T> {
  const env = await invoke(channel, args);
  if (!env.ok) throw new Error(`${channel} failed: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

/** Points containerd at a socket that does not exist and opens the sample; returns the seeds. */
export async function prepare(
  invoke: Invoke,
  tmp: string,
): Promise<{ archiveId: string; seeds: Record<string, unknown> }> {
  await value(invoke, 'settings.update', { socketPath: join(tmp, 'no-containerd.sock'), outputFolder: tmp });
  const { archiveId } = await value<{ archiveId: string }>(invoke, 'archive.openSample', {});
  return { archiveId, seeds: validSeeds({ archiveId, tmp }) };
}

function describeEnvelope(env: Envelope<unknown>): string {
  return env.ok ? 'ok' : `${env.error.code}: ${env.error.message.slice(0, 120)}`;
}

/** Malformed calls: INVALID_ARGUMENT when the schema rejects them, never INTERNAL. Returns the violations. */
export async function runMalformed(
  invoke: Invoke,
  seeds: Record<string, unknown>,
  hugeLength: number,
  viaJson: boolean,
): Promise<{ calls: number; violations: string[] }> {
  const calls = malformedCalls(seeds, hugeLength);
  const violations: string[] = [];
  for (const call of calls) {
    const sent: Call = viaJson ? { ...call, args: JSON.parse(JSON.stringify(call.args ?? null)) as unknown } : call;
    // Never checkpoint for real, whatever the schema accepts.
    if (call.channel === 'checkpoint.start' && schemaAccepts(sent)) continue;
    const env = await invoke(call.channel, sent.args);
    const rejected = !schemaAccepts(sent);
    const ok = rejected ? !env.ok && env.error.code === 'INVALID_ARGUMENT' : env.ok || env.error.code !== 'INTERNAL';
    if (!ok)
      violations.push(
        `${call.channel} (${call.label}): ${rejected ? 'schema rejects, got' : 'got'} ${describeEnvelope(env)}`,
      );
  }
  return { calls: calls.length, violations };
}

/** Valid-shaped calls on the open sample and on unknown ids. */
export async function runSample(invoke: Invoke, archiveId: string): Promise<{ calls: number; violations: string[] }> {
  const members = await value<{ name: string; size: number }[]>(invoke, 'archive.members', { archiveId });
  const size = (n: string) => members.find((m) => m.name === n)?.size ?? 0;
  const processes = await value<{ pid: number }[]>(invoke, 'inspect.processes', { archiveId });
  const rootfs = await value<{ path: string; type: string; size: number }[]>(invoke, 'inspect.rootfs', { archiveId });
  const file = rootfs.find((e) => e.type === 'file' && e.size > 0) ?? rootfs.find((e) => e.type === 'file');
  if (!file || processes.length === 0) throw new Error('the sample has no rootfs file or no process');
  const log = ['dump.log', 'container.log', 'ctr.log'].find((n) => size(n) > 0) ?? 'dump.log';
  const calls = sampleCalls({
    archiveId,
    configSize: size('config.dump'),
    pid: processes[0]!.pid,
    rootfsFile: file.path,
    rootfsSize: file.size,
    logSize: size(log),
  });
  const violations: string[] = [];
  for (const call of calls) {
    const env = await invoke(call.channel, call.args);
    if (env.ok || !call.expect.includes(env.error.code))
      violations.push(
        `${call.channel} (${call.label}): expected ${call.expect.join('|')}, got ${describeEnvelope(env)}`,
      );
  }
  let idCalls = 0;
  for (const channel of CHANNEL_NAMES) {
    const shape = (contract[channel].args as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    if (!('archiveId' in shape) || channel === 'inspect.saveRootfsFile') continue;
    const seeds = validSeeds({ archiveId, tmp: '/nonexistent' });
    for (const id of UNKNOWN_IDS) {
      const args = Object.fromEntries(Object.keys(shape).map((k) => [k, k === 'archiveId' ? id : seeds[k]]));
      const env = await invoke(channel, args);
      idCalls++;
      if (env.ok || env.error.code !== 'NOT_FOUND')
        violations.push(`${channel} with unknown id ${id}: expected NOT_FOUND, got ${describeEnvelope(env)}`);
    }
  }
  return { calls: calls.length + idCalls, violations };
}
