// CRI keeps its own metadata as a JSON extension on each containerd container
// (io.cri-containerd.{container,sandbox}.metadata): the CRI name, the sandbox
// id, the CRI config's metadata (container name; pod name, namespace, uid),
// the image ref. Read with bounds; anything else is ignored.
import type { ContainerRecord } from './messages';

const KEYS = ['io.cri-containerd.container.metadata', 'io.cri-containerd.sandbox.metadata'] as const;
const MAX_BYTES = 1024 * 1024;

export interface CriMetadata {
  kind: 'container' | 'sandbox';
  /** containerd's CRI name, e.g. web_web_testbed_uid_0 (what config.dump's name holds) */
  name: string | null;
  sandboxId: string | null;
  /** CRI config metadata.name: the container's name, or the pod's for a sandbox */
  configName: string | null;
  /** a sandbox's pod namespace and uid */
  configNamespace: string | null;
  configUid: string | null;
  imageRef: string | null;
  logPath: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function criMetadata(record: ContainerRecord): CriMetadata | null {
  for (const key of KEYS) {
    const ext = record.extensions?.[key];
    if (!ext?.value || ext.value.length > MAX_BYTES) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(ext.value).toString('utf8'));
    } catch {
      continue;
    }
    const meta = obj(obj(parsed).Metadata);
    const configMeta = obj(obj(meta.Config).metadata);
    return {
      kind: key === KEYS[0] ? 'container' : 'sandbox',
      name: str(meta.Name),
      sandboxId: str(meta.SandboxID),
      configName: str(configMeta.name),
      configNamespace: str(configMeta.namespace),
      configUid: str(configMeta.uid),
      imageRef: str(meta.ImageRef),
      logPath: str(meta.LogPath),
    };
  }
  return null;
}
