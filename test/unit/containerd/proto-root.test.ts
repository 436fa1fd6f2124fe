import { describe, expect, it } from 'vitest';
import {
  decodeAny,
  encodeAny,
  protoRoot,
  SERVICE_NAMES,
  serviceConstructor,
} from '../../../electron/containerd/proto-root';

describe('proto-root', () => {
  it('loads every service we call', () => {
    for (const key of Object.keys(SERVICE_NAMES) as (keyof typeof SERVICE_NAMES)[]) {
      const ctor = serviceConstructor(key);
      expect(typeof ctor).toBe('function');
      expect(Object.keys(ctor.service).length).toBeGreaterThan(0);
    }
    expect(Object.keys(serviceConstructor('tasks').service)).toContain('Checkpoint');
    expect(Object.keys(serviceConstructor('cri').service)).toContain('CheckpointContainer');
    expect(Object.keys(serviceConstructor('content').service.Read ?? {})).toContain('responseStream');
    expect(serviceConstructor('content').service.Read?.responseStream).toBe(true);
  });

  it('encodes runc CheckpointOptions with field numbers of the published schema', () => {
    const any = encodeAny('containerd.runc.v1.CheckpointOptions', { exit: false, work_path: '/w', open_tcp: true });
    expect(any.type_url).toBe('containerd.runc.v1.CheckpointOptions');
    // exit = 1 (tag 0x08), open_tcp = 2 (tag 0x10), work_path = 9 (tag 0x4a, len 2, "/w")
    expect([...any.value]).toEqual([0x08, 0x00, 0x10, 0x01, 0x4a, 0x02, 0x2f, 0x77]);
  });

  it('decodes a serialized Any as containerd stores a checkpoint spec blob', () => {
    const json = Buffer.from('{"ociVersion":"1.2.0"}');
    const type = protoRoot().lookupType('google.protobuf.Any');
    const bytes = type
      .encode({ type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: json })
      .finish();
    const any = decodeAny(bytes);
    expect(any.type_url).toBe('types.containerd.io/opencontainers/runtime-spec/1/Spec');
    expect(Buffer.from(any.value).toString()).toBe('{"ociVersion":"1.2.0"}');
  });
});
