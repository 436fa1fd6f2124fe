// Findings, diff and report as jobs: each announces itself, reports the part
// it is reading, can be cancelled, and answers its caller with the result.
// Findings are computed once per archive (and memory choice) and kept.
import { stat } from 'node:fs/promises';
import type { ArchiveDiff, FindingsReport } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { diffArchives } from '../inspect/diff/diff-archives';
import { findSecrets } from '../inspect/findings/find-secrets';
import { renderReport, writeReport, type ReportFormat } from '../inspect/report/write-report';
import { sessionSource } from '../inspect/search/memory-source';
import type { InspectSession } from '../inspect/session';
import type { ArchivesPort } from './ports';
import type { JobContext, JobManager } from '../jobs/job-manager';

type Computed = FindingsReport & { values: Map<string, string> };

export interface ForensicsApp {
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

/** Each step's member as the job's progress message. */
const stepProgress = (ctx: JobContext, phase: string) => (where: string) => ctx.progress({ phase, message: where });

export function createForensicsApp(deps: { jobs: JobManager; archives: ArchivesPort }): ForensicsApp {
  const { jobs, archives } = deps;
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
            report = await findSecrets(session, {
              memory: memory ? sessionSource(session) : null,
              signal: ctx.signal,
              onStep: stepProgress(ctx, 'scanning'),
            });
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

  const reportJob = async <T>(
    archiveId: string,
    format: ReportFormat,
    make: (session: InspectSession, ctx: JobContext) => Promise<{ value: T; bytes: number }>,
  ): Promise<T> => {
    const session = archives.get(archiveId);
    const fileName = reportFileName(archiveId, format);
    let value: T | null = null;
    await jobs.run(
      'report',
      `Report ${fileName}`,
      async (ctx) => {
        const made = await make(session, ctx);
        value = made.value;
        return { archiveId, fileName, bytes: made.bytes };
      },
      { archiveId },
    );
    return value as T;
  };

  return {
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
          ctx.progress({ phase: 'comparing' });
          diff = await diffArchives(a, b, ctx.signal);
          return { archiveIdA, archiveIdB };
        },
        { archiveId: archiveIdA },
      );
      return diff!;
    },

    renderReport: async (archiveId, format) => {
      const text = await reportJob(archiveId, format, async (session, ctx) => {
        const rendered = await renderReport(session, format, {
          signal: ctx.signal,
          onStep: stepProgress(ctx, 'reading'),
        });
        return { value: rendered, bytes: Buffer.byteLength(rendered) };
      });
      return {
        fileName: reportFileName(archiveId, format),
        mime: format === 'html' ? 'text/html' : 'application/json',
        text,
      };
    },

    writeReport: async (archiveId, format, target) => {
      await reportJob(archiveId, format, async (session, ctx) => {
        await writeReport(session, target, format, { signal: ctx.signal, onStep: stepProgress(ctx, 'reading') });
        return { value: undefined, bytes: (await stat(target)).size };
      });
    },

    reportFileName,
  };
}
