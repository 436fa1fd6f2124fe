// A containerd container record for unit tests, and a CRI metadata extension.
import type { ContainerRecord } from '../../../electron/containerd/messages';

export const ext = (value: unknown) => ({ type_url: 'x', value: Buffer.from(JSON.stringify(value)) });

export function record(id: string, over: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    id,
    labels: {},
    image: 'img:1',
    runtime: { name: 'io.containerd.runc.v2', options: null },
    spec: null,
    snapshotter: 'overlayfs',
    snapshot_key: id,
    created_at: { seconds: 1_700_000_000, nanos: 5_000_000 },
    updated_at: null,
    extensions: {},
    sandbox: '',
    ...over,
  };
}
