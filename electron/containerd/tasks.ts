import { AppError } from '../../shared/errors';
import type { ProcessRecord } from './messages';
import type { Rpc } from './rpc';

/** The container's task, or null when it has none (containerd's NOT_FOUND). */
export async function getTask(
  rpc: Rpc,
  namespace: string,
  id: string,
  timeoutMs?: number,
): Promise<ProcessRecord | null> {
  try {
    const res = await rpc.unary<{ process: ProcessRecord | null }>(
      'tasks',
      'Get',
      { container_id: id },
      { namespace, timeoutMs },
    );
    return res.process;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
