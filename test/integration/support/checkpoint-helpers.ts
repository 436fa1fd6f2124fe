// Shared by the checkpoint integration tests and the benchmark: running a
// checkpoint job, unpacking an archive, and what containerd holds afterwards.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { JobProgress } from '../../../shared/dto/jobs';
import { checkpointContainer, type CheckpointRequest, type CheckpointResult } from '../../../electron/checkpoint';
import type { ContainerdClient } from '../../../electron/containerd';
import { LEASE_LABEL } from '../../../electron/checkpoint/types';

const run = promisify(execFile);

export type ProgressUpdate = Partial<JobProgress> & { phase: string };

export async function runCheckpoint(
  client: ContainerdClient,
  req: Partial<CheckpointRequest> & Pick<CheckpointRequest, 'containerId' | 'namespace' | 'outputPath'>,
  opts: { signal?: AbortSignal; onProgress?: (p: ProgressUpdate) => void } = {},
): Promise<{ result: CheckpointResult; phases: string[]; updates: ProgressUpdate[] }> {
  const updates: ProgressUpdate[] = [];
  const result = await checkpointContainer(
    client,
    { via: 'auto', leaveRunning: true, timeoutSeconds: 300, ...req },
    {
      signal: opts.signal ?? new AbortController().signal,
      progress: (p) => {
        updates.push(p);
        opts.onProgress?.(p);
      },
    },
  );
  return { result, phases: [...new Set(updates.map((u) => u.phase))], updates };
}

export async function untar(archive: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-x-'));
  await run('tar', ['-xf', archive, '-C', dir]);
  return dir;
}

export async function tarMembers(archive: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tf', archive], { maxBuffer: 64 << 20 });
  return stdout.split('\n').filter(Boolean);
}

export async function contentDigests(client: ContainerdClient, namespace: string): Promise<Set<string>> {
  const stream = client.rpc.stream<{ info: { digest: string }[] }>(
    'content',
    'List',
    {},
    { namespace, timeoutMs: 30_000 },
  );
  const out = new Set<string>();
  for await (const page of stream) for (const i of page.info) out.add(i.digest);
  return out;
}

export async function checkpointImages(client: ContainerdClient, namespace: string): Promise<string[]> {
  const res = await client.rpc.unary<{ images: { name: string; labels: Record<string, string> }[] }>(
    'images',
    'List',
    {},
    { namespace },
  );
  return res.images
    .filter((i) => i.labels['containerd.io/checkpoint'] === 'true' || i.name.startsWith('containerd.io/checkpoint/'))
    .map((i) => i.name);
}

export async function leaseIds(client: ContainerdClient, namespace: string): Promise<string[]> {
  const res = await client.rpc.unary<{ leases: { id: string }[] }>('leases', 'List', {}, { namespace });
  return res.leases.map((l) => l.id);
}

/**
 * Leases this test process's checkpoints made (by their label), so that a
 * check for leftovers is not fooled by other work on the same containerd.
 */
export async function ourLeases(client: ContainerdClient, namespace: string): Promise<string[]> {
  const res = await client.rpc.unary<{ leases: { id: string; labels: Record<string, string> }[] }>(
    'leases',
    'List',
    {},
    { namespace },
  );
  return res.leases.filter((l) => l.labels?.[LEASE_LABEL.pid] === String(process.pid)).map((l) => l.id);
}

export async function taskStatus(client: ContainerdClient, namespace: string, id: string): Promise<string | null> {
  const t = await client.getTask(namespace, id);
  return t?.status ?? null;
}

/** Polls until `probe` returns true, up to ms; returns the last verdict. */
export async function eventually(probe: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
