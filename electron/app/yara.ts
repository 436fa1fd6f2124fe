// YARA scans of an archive as a job (kind 'yara': progress, cancel with
// job.cancel), run in a worker thread with a deadline (workers/limits.ts);
// the report goes back to the caller.
import type { YaraReport, YaraRequest } from '../../shared/dto/yara';
import type { JobManager } from '../jobs/job-manager';
import type { HeavyRunner } from '../workers/heavy-runner';
import type { ArchivesPort } from './ports';

export interface YaraApp {
  scan(archiveId: string, request: YaraRequest): Promise<YaraReport>;
}

export function createYaraApp(deps: { jobs: JobManager; archives: ArchivesPort; heavy: HeavyRunner }): YaraApp {
  const { jobs, archives, heavy } = deps;
  return {
    scan: async (archiveId, request) => {
      const session = archives.get(archiveId);
      let report: YaraReport | null = null;
      const rules = request.files.length + (request.bundled ? 1 : 0);
      await jobs.run(
        'yara',
        `YARA (${rules} rule source${rules === 1 ? '' : 's'}) on ${session.summary().fileName}`,
        async (ctx) => {
          report = await heavy.run({ kind: 'yara', request }, [session], {
            signal: ctx.signal,
            progress: (update) => ctx.progress(update),
          });
          return { archiveId, hits: report.hits.length, problems: report.problems.length };
        },
        { archiveId },
      );
      return report!;
    },
  };
}
