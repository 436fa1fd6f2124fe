// The YARA scan as heavy work (run in a worker by workers/heavy-tasks.ts):
// the archive's memory, its rootfs diff and its recovered in-memory files,
// with progress by bytes.
import type { JobProgress } from '../../shared/dto';
import type { YaraReport, YaraRequest } from '../../shared/dto/yara';
import { sessionSource } from '../inspect/search/memory-source';
import type { InspectSession } from '../inspect/session';
import { recoveredFiles } from '../inspect/yara/recovered-files';
import { scanCheckpoint } from '../inspect/yara/scan-checkpoint';
import { progressGate } from './progress-gate';

interface YaraIo {
  signal?: AbortSignal;
  progress(update: Pick<JobProgress, 'phase'> & Partial<Omit<JobProgress, 'jobId' | 'phase'>>): void;
}

export function yaraTask(session: InspectSession, request: YaraRequest, io: YaraIo): Promise<YaraReport> {
  const gate = progressGate();
  return scanCheckpoint(session, sessionSource(session), request, {
    ...(io.signal ? { signal: io.signal } : {}),
    extraFiles: (problems) => recoveredFiles(session, problems),
    onProgress: (done, total, phase) => {
      if (!gate(done >= total)) return;
      io.progress({ phase, fraction: total > 0 ? done / total : null, bytesDone: done, bytesTotal: total });
    },
  });
}
