import type { InspectSession } from '../../inspect/session';

/**
 * Why memparse cannot show the memory of `pid`, in checkpointctl's words, or
 * null when it can: the pid is not in the tree, or it is a zombie or dead
 * task (those have no memory pages).
 */
export async function noProcessMessage(session: InspectSession, pid: number): Promise<string | null> {
  const process = (await session.processes()).find((p) => p.pid === pid);
  if (!process) return `no process with PID ${pid} (use \`inspect --ps-tree\` to view all PIDs)`;
  if (/zombie|dead/i.test(process.state)) return `process ${pid} has no memory pages (task state is zombie or dead)`;
  return null;
}
