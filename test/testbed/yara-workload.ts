// The YARA testbed workload (yara-target.c): built with gcc -static into a
// folder containerd shares, run in a CRI pod of its own; resolves once it
// has written where its planted strings are.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CriWorkload, TestbedState } from './state';
import { removeCriPod, runCriPod } from './workloads';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'yara-target.c');

/** Addresses of the planted strings in the target's memory, and its pid as the checkpoint names it. */
export interface YaraPlants {
  pid: number;
  key: number;
  pool: number;
  shell: number;
}

export interface YaraWorkload extends CriWorkload {
  plants: YaraPlants;
  remove(): Promise<void>;
}

export async function startYaraTarget(state: TestbedState, podName: string): Promise<YaraWorkload> {
  const dir = await mkdtemp(path.join(state.shareDir, 'h-yara-target-'));
  const remove = async () => {
    await removeCriPod(state.socket, podName);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('gcc', ['-static', '-O1', '-o', path.join(dir, 'yara-target'), SOURCE]);
    const base = await runCriPod(state.socket, {
      cgroupParent: state.cgroupParent,
      podName,
      podLabels: { app: 'yara-target' },
      containerName: 'yara-target',
      containerLabels: { app: 'yara-target' },
      image: state.image,
      command: ['/opt/yara/yara-target', '/out/plants.json'],
      mounts: [
        { containerPath: '/opt/yara', hostPath: dir, readonly: true },
        { containerPath: '/out', hostPath: dir, readonly: false },
      ],
    });
    const out = path.join(dir, 'plants.json');
    const deadline = Date.now() + 60_000;
    while (!existsSync(out)) {
      if (Date.now() > deadline) throw new Error(`yara-target wrote no ${out} in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { ...base, plants: JSON.parse(readFileSync(out, 'utf8')) as YaraPlants, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
