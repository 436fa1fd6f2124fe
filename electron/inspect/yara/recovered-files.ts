// The recovered in-memory files and buffers (deleted-but-open files, memfds,
// pipe and socket queues: inspect/recovered) as files to scan, named by
// their id and label.
import type { ProblemInfo } from '../../../shared/dto';
import { listRecovered, openRecovered } from '../recovered/catalog';
import type { InspectSession } from '../session';
import type { FileToScan } from './scan-files';

export async function recoveredFiles(session: InspectSession, problems: ProblemInfo[]): Promise<FileToScan[]> {
  const { rows, problems: listed } = await listRecovered(session);
  for (const p of listed) problems.push({ ...p, message: `recovered item not scanned: ${p.message}` });
  return rows
    .filter((item) => item.size > 0)
    .map((item) => ({
      target: 'recovered' as const,
      path: `${item.id} (${item.label})`,
      size: item.size,
      read: async (offset: number, length: number, target: Buffer) => {
        const { reader } = await openRecovered(session, item.id);
        const data = await reader.read(offset, length);
        data.copy(target);
        return target.subarray(0, data.length);
      },
    }));
}
