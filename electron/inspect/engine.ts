import type { Engine } from '../../shared/dto';
import { field, strField, sub } from './crit-values';

/** Kubelet's archive name: checkpoint-<pod>_<namespace>-<container>-<RFC3339 time>.tar */
const KUBELET_NAME = /^checkpoint-(.+)_(.+)-(.+)-(\d{4}-\d\d-\d\dT\d\d[:-]\d\d[:-]\d\d.*)\.tar$/;

export function parseKubeletName(fileName: string): { pod: string; namespace: string; rest: string } | null {
  const m = KUBELET_NAME.exec(fileName);
  return m ? { pod: m[1] as string, namespace: m[2] as string, rest: m[3] as string } : null;
}

/**
 * Who made the archive. The spec's io.container.manager annotation names
 * CRI-O ('cri-o') and Podman ('libpod'); Podman's own members tell it too.
 * A kubelet archive name means the kubelet API asked for it. Our own native
 * checkpoints say so in config.dump.
 */
export function detectEngine(input: {
  memberNames: ReadonlySet<string>;
  spec: unknown;
  config: unknown;
  fileName: string;
}): Engine {
  const manager = strField(sub(input.spec, 'annotations'), 'io.container.manager');
  if (manager === 'cri-o') return 'cri-o';
  if (manager === 'libpod') return 'podman';
  const names = input.memberNames;
  if (
    names.has('network.status') ||
    names.has('deleted.files') ||
    names.has('devshm-checkpoint.tar') ||
    names.has('ctr.log')
  )
    return 'podman';
  if (parseKubeletName(input.fileName)) return 'kubelet';
  const madeBy = field(input.config, 'checkpointedBy') ?? field(input.config, 'madeBy');
  if (typeof madeBy === 'string' && madeBy.startsWith('checkpoint-inspector')) return 'checkpoint-inspector';
  if (names.has('config.dump') && names.has('spec.dump')) return 'containerd';
  return 'unknown';
}

/** The engine as checkpointctl prints it. */
export function engineLabel(engine: Engine): string {
  return {
    containerd: 'containerd',
    'cri-o': 'CRI-O',
    podman: 'Podman',
    // A kubelet archive without CRI-O's annotation: checkpointctl's default, containerd.
    kubelet: 'containerd',
    'checkpoint-inspector': 'containerd',
    unknown: 'unknown',
  }[engine];
}
