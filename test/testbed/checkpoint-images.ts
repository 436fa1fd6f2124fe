// containerd's own checkpoint images of the plain container, made once when
// the testbed starts (nothing else checkpoints it then): one with the rw
// layer, one without, and the first exported as an OCI layout tar, as
// `ctr container checkpoint` and `ctr images export` make them.
import path from 'node:path';
import { ctr, nsExec } from './ns-exec.js';
import type { CheckpointImagesFacts, PlainWorkload } from './state.js';

export async function makeCheckpointImages(
  containerdPid: number,
  plain: PlainWorkload,
  archiveDir: string,
): Promise<CheckpointImagesFacts> {
  const facts: CheckpointImagesFacts = {
    namespace: plain.namespace,
    withRootfsDiff: 'localhost/checkpoint-inspector/plain-checkpoint:rw',
    withoutRootfsDiff: 'localhost/checkpoint-inspector/plain-checkpoint:task-only',
    layoutTar: path.join(archiveDir, 'plain-checkpoint-image.oci.tar'),
  };
  const run = (args: string[]) => ctr(containerdPid, plain.namespace, args);
  await run(['images', 'rm', facts.withRootfsDiff, facts.withoutRootfsDiff]).catch(() => undefined);
  await run(['containers', 'checkpoint', '--rw', '--task', plain.containerId, facts.withRootfsDiff]);
  await run(['containers', 'checkpoint', '--task', plain.containerId, facts.withoutRootfsDiff]);
  // Without --skip-manifest-json, ctr tries to read the rw layer as a manifest and fails. containerd
  // 2.x's ctr exports through the transfer API by default, and its tar came out cut short once in
  // CI: export locally where ctr can, and check the whole tar reads before the tests get it.
  const local = (await run(['images', 'export', '--help'])).includes('--local') ? ['--local'] : [];
  await run(['images', 'export', ...local, '--skip-manifest-json', facts.layoutTar, facts.withRootfsDiff]);
  await nsExec(containerdPid, ['tar', '-tf', facts.layoutTar]).catch((error: unknown) => {
    throw new Error(`ctr images export wrote a tar that does not read: ${String(error)}`);
  });
  // containerd 1.7's ctr may store an image without the task's CRIU images (measured: a second
  // checkpoint of the same container); what each holds is recorded for the tests to expect.
  const holdsCriu = async (name: string) => {
    const listed = await run(['images', 'ls']);
    const digest = listed
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(/\s+/)[2];
    if (!digest) throw new Error(`ctr lists no image ${name}`);
    return (await run(['content', 'get', digest])).includes('criu.checkpoint.criu.tar');
  };
  facts.criuImages = {
    [facts.withRootfsDiff]: await holdsCriu(facts.withRootfsDiff),
    [facts.withoutRootfsDiff]: await holdsCriu(facts.withoutRootfsDiff),
  };
  return facts;
}
