import type { SecurityReport } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { securityReport } from '../inspect/security-view';
import type { InspectSession } from '../inspect/session';

const reports = new WeakMap<InspectSession, Promise<SecurityReport>>();

/**
 * The security report of an archive, computed once per session; with a pid,
 * only that process and the seccomp chain it runs under (the spec comparison
 * and firewall stay, they are the container's).
 */
export async function securityOf(session: InspectSession, pid: number | null): Promise<SecurityReport> {
  let p = reports.get(session);
  if (!p) {
    p = securityReport(session);
    reports.set(session, p);
    // A failed computation is not kept: the next call tries again.
    p.catch(() => reports.delete(session));
  }
  const report = await p;
  if (pid === null) return report;
  const process = report.processes.find((x) => x.pid === pid);
  if (!process) throw new AppError('NOT_FOUND', `no process ${pid} in this archive`, { pid });
  return {
    ...report,
    processes: [process],
    seccomp: report.seccomp.filter((c) => c.top === process.seccompChain),
    differences: report.differences.filter((d) => d.pid === null || d.pid === pid),
  };
}
