// Search, strings, findings, diff and report: each runs in a worker thread
// (workers/heavy-runner.ts) with a deadline, a heap cap and real cancel; all
// but strings as jobs that announce themselves, report the part they read,
// can be cancelled, and answer their caller with the result. Findings are
// computed once per archive (and memory choice) and kept.
import type { ArchiveDiff, FindingsReport } from '../../shared/dto';
import type { StringsPage } from '../../shared/dto/forensics';
import { AppError } from '../../shared/errors';
import type { ReportFormat } from '../inspect/report/write-report';
import type { StringsRequest } from '../inspect/search/strings';
import type { InspectSession } from '../inspect/session';
import type { HeavyResults, SearchRequest } from '../workers/heavy-tasks';
import type { HeavyRunner, RunIo } from '../workers/heavy-runner';
import type { EventBus } from './event-bus';
import { recordCustody } from './custody';
import type { ArchivesPort } from './ports';
import type { JobContext, JobManager } from '../jobs/job-manager';

type Computed = HeavyResults['findings'];

export interface ForensicsApp {
  /** Memory search as a job: matches stream as search.results; the job's id comes back at once. */
  search(archiveId: string, request: SearchRequest): { jobId: string };
  /** One page of printable strings of a process's memory. */
  strings(archiveId: string, request: StringsRequest): Promise<StringsPage>;
  findings(archiveId: string, memory: boolean): Promise<FindingsReport>;
  /** The unmasked value of a finding listed before. */
  reveal(archiveId: string, findingId: string): Promise<string>;
  diff(archiveIdA: string, archiveIdB: string): Promise<ArchiveDiff>;
  /** The report as text (hosts without a save dialog download it). */
  renderReport(archiveId: string, format: ReportFormat): Promise<{ fileName: string; mime: string; text: string }>;
  /** Writes the report to a path the user chose. */
  writeReport(archiveId: string, format: ReportFormat, target: string): Promise<void>;
  reportFileName(archiveId: string, format: ReportFormat): string;
}

/** A job's signal and progress, for the worker. */
const jobIo = (ctx: JobContext): RunIo => ({ signal: ctx.signal, progress: (update) => ctx.progress(update) });

export function createForensicsApp(deps: {
  jobs: JobManager;
  archives: ArchivesPort;
  events: EventBus;
  heavy: HeavyRunner;
}): ForensicsApp {
  const { jobs, archives, events, heavy } = deps;
  const computed = new WeakMap<InspectSession, Map<boolean, Promise<Computed>>>();

  const findingsOf = (archiveId: string, memory: boolean): Promise<Computed> => {
    const session = archives.get(archiveId);
    let bySession = computed.get(session);
    if (!bySession) computed.set(session, (bySession = new Map<boolean, Promise<Computed>>()));
    let p = bySession.get(memory);
    if (!p) {
      let report: Computed | null = null;
      p = jobs
        .run(
          'findings',
          `Findings in ${session.summary().fileName}`,
          async (ctx) => {
            report = await heavy.run({ kind: 'findings', memory }, [session], jobIo(ctx));
            return { archiveId, findings: report.findings.length };
          },
          { archiveId },
        )
        .then(() => report!);
      const slot = bySession;
      // A failed or cancelled computation is not kept: the next call tries again.
      p.catch(() => slot.delete(memory));
      bySession.set(memory, p);
    }
    return p;
  };

  const reportFileName = (archiveId: string, format: ReportFormat) => {
    const base = archives
      .get(archiveId)
      .summary()
      .fileName.replace(/\.(tar(\.(gz|zst))?|tgz)$/, '');
    return `${base}-report.${format}`;
  };

  /** The report as text (target null) or written to target, as a job. */
  const reportJob = async (archiveId: string, format: ReportFormat, target: string | null): Promise<string | null> => {
    const session: InspectSession = archives.get(archiveId);
    const fileName = reportFileName(archiveId, format);
    let text: string | null = null;
    await jobs.run(
      'report',
      `Report ${fileName}`,
      async (ctx) => {
        const made = await heavy.run({ kind: 'report', format, target }, [session], jobIo(ctx));
        text = made.text;
        return { archiveId, fileName, bytes: made.bytes };
      },
      { archiveId },
    );
    const custody = await recordCustody(session, {
      action: 'exported',
      what: `report (${format})`,
      ...(target !== null ? { target } : { detail: { downloaded: fileName } }),
    });
    // The analyst must know an export the log does not hold (the report itself is made).
    if (!custody.ok)
      throw new AppError('PERMISSION_DENIED', `the report ${fileName} was made, but ${custody.problem.message}`);
    return text;
  };

  return {
    search: (archiveId, request) => {
      const session = archives.get(archiveId);
      const holder = { jobId: '' };
      const { jobId } = jobs.start(
        'search',
        `Search memory for ${request.query.slice(0, 40)}`,
        (ctx) =>
          heavy.run({ kind: 'search', request }, [session], {
            ...jobIo(ctx),
            matches: (matches) => events.emit('search.results', { jobId: holder.jobId, matches }),
          }),
        { archiveId },
      );
      holder.jobId = jobId;
      return { jobId };
    },

    strings: (archiveId, request) => heavy.run({ kind: 'strings', request }, [archives.get(archiveId)]),

    findings: async (archiveId, memory) => {
      const { values: _values, ...report } = await findingsOf(archiveId, memory);
      return report;
    },

    reveal: async (archiveId, findingId) => {
      const session = archives.get(archiveId);
      for (const p of computed.get(session)?.values() ?? []) {
        const value = (await p.catch(() => null))?.values.get(findingId);
        if (value !== undefined) return value;
      }
      throw new AppError('NOT_FOUND', `no finding ${findingId} in this archive (list the findings first)`, {
        findingId,
      });
    },

    diff: async (archiveIdA, archiveIdB) => {
      const [a, b] = [archives.get(archiveIdA), archives.get(archiveIdB)];
      let diff: ArchiveDiff | null = null;
      await jobs.run(
        'diff',
        `Compare ${a.summary().fileName} with ${b.summary().fileName}`,
        async (ctx) => {
          diff = await heavy.run({ kind: 'diff' }, [a, b], jobIo(ctx));
          return { archiveIdA, archiveIdB };
        },
        { archiveId: archiveIdA },
      );
      return diff!;
    },

    renderReport: async (archiveId, format) => ({
      fileName: reportFileName(archiveId, format),
      mime: format === 'html' ? 'text/html' : 'application/json',
      text: (await reportJob(archiveId, format, null)) ?? '',
    }),

    writeReport: async (archiveId, format, target) => {
      await reportJob(archiveId, format, target);
    },

    reportFileName,
  };
}
