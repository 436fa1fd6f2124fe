// The argument list of `checkpoint-inspector checkpoint` as the containerd
// integration tests run it, in one place.
import type { TestbedState } from '../../testbed/testbed';

export function checkpointArgs(
  tb: TestbedState,
  target: { containerId: string; namespace: string },
  via: 'native' | 'cri' | 'auto',
  output: string,
): string[] {
  return [
    'checkpoint',
    target.containerId,
    '--address',
    tb.socket,
    '--namespace',
    target.namespace,
    '--via',
    via,
    '--output',
    output,
  ];
}
