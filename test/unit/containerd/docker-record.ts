// A containerd container record as dockerd's libcontainerd makes it: no
// image, no snapshot, the OCI spec as the record's spec.
import type { ContainerRecord } from '../../../electron/containerd/messages';

export function dockerRecord(id: string, spec: object | null, over: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    id,
    labels: {},
    image: '',
    runtime: { name: 'io.containerd.runc.v2', options: null },
    spec: spec
      ? { type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from(JSON.stringify(spec)) }
      : null,
    snapshotter: '',
    snapshot_key: '',
    created_at: null,
    updated_at: null,
    extensions: {},
    sandbox: '',
    ...over,
  };
}
