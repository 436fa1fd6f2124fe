import type { Overview } from '../../shared/dto';
import { engineLabel } from './engine';

/**
 * The OCI annotations `checkpointctl build` puts on a checkpoint image
 * (its lib/annotations.go), with its values: the engine as it prints it,
 * the container, pod and namespace it shows, and config.dump's image and
 * runtime fields as written. Podman and CRI-O restore from an image that
 * carries these. Every key is set, to "" where the archive has no value,
 * as checkpointctl sets them.
 */
export function checkpointImageAnnotations(overview: Overview, config: unknown): Record<string, string> {
  const field = (key: string): string => {
    const v = config !== null && typeof config === 'object' ? (config as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? v : '';
  };
  return {
    'org.criu.checkpoint.engine.name': engineLabel(overview.engine),
    'org.criu.checkpoint.container.name': overview.containerName ?? '',
    'org.criu.checkpoint.pod.name': overview.podName ?? '',
    'org.criu.checkpoint.pod.namespace': overview.podNamespace ?? '',
    'org.criu.checkpoint.rootfsImageUserRequested': field('rootfsImage'),
    'org.criu.checkpoint.rootfsImageName': field('rootfsImageName'),
    'org.criu.checkpoint.rootfsImageID': field('rootfsImageRef'),
    'org.criu.checkpoint.runtime.name': field('runtime'),
  };
}
