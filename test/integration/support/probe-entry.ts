// Bundled by a test and run as another user: lists containers over the given
// socket and prints the outcome as JSON ({ok} or {code, message}).
import { createContainerdClient } from '../../../electron/containerd';
import { toErrorInfo } from '../../../shared/errors';

const client = createContainerdClient({ socketPath: process.argv[2], callTimeoutMs: 5000 });
client
  .listContainers()
  .then(
    (list) => process.stdout.write(JSON.stringify({ ok: true, count: list.length })),
    (error: unknown) => process.stdout.write(JSON.stringify(toErrorInfo(error))),
  )
  .finally(() => client.close());
