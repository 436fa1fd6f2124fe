import type { FindingsReport } from '../../shared/dto/forensics';
import { AppError } from '../../shared/errors';
import { diffArchives } from '../inspect/diff/diff-archives';
import { findSecrets } from '../inspect/findings/find-secrets';
import { renderReport, writeReport } from '../inspect/report/write-report';
import { sessionSource } from '../inspect/search/memory-source';
import { searchMemory } from '../inspect/search/search-memory';
import { memoryStrings } from '../inspect/search/strings';
import type { InspectSession } from '../inspect/session';
import type { Handlers } from './dispatch';
import type { CoreServices } from './handlers';

export type ForensicsChannels =
  | 'search.start'
  | 'inspect.strings'
  | 'inspect.findings'
  | 'inspect.revealFinding'
  | 'diff.compare'
  | 'report.export'
  | 'report.render';

type Computed = FindingsReport & { values: Map<string, string> };

/** Progress events at most this often per job. */
const PROGRESS_MS = 100;

/** Memory search, strings, findings, diff and report: the forensic channels. */
export function forensicsHandlers(core: CoreServices): Pick<Handlers, ForensicsChannels> {
  const { archives, jobs, events, host } = core;
  // Findings per session (and per memory choice), computed once; dropped with the session.
  const findings = new WeakMap<InspectSession, Map<boolean, Promise<Computed>>>();
  const findingsOf = (session: InspectSession, memory: boolean): Promise<Computed> => {
    let bySession = findings.get(session);
    if (!bySession) {
      bySession = new Map<boolean, Promise<Computed>>();
      findings.set(session, bySession);
    }
    let p = bySession.get(memory);
    if (!p) {
      p = findSecrets(session, { memory: memory ? sessionSource(session) : null });
      const slot = bySession;
      // A failed computation is not kept: the next call tries again.
      p.catch(() => slot.delete(memory));
      bySession.set(memory, p);
    }
    return p;
  };

  return {
    'search.start': async ({ archiveId, ...req }) => {
      const session = archives.get(archiveId);
      const holder = { jobId: '' };
      const { jobId } = jobs.start('search', `Search memory for ${req.query.slice(0, 40)}`, async (ctx) => {
        let last = 0;
        const { matches: _all, ...summary } = await searchMemory(sessionSource(session), {
          ...req,
          signal: ctx.signal,
          onMatches: (matches) => events.emit('search.results', { jobId: holder.jobId, matches }),
          onProgress: (done, total) => {
            const now = Date.now();
            if (now - last < PROGRESS_MS && done < total) return;
            last = now;
            ctx.progress({
              phase: 'search',
              fraction: total > 0 ? done / total : null,
              bytesDone: done,
              bytesTotal: total,
            });
          },
        });
        return summary;
      });
      holder.jobId = jobId;
      return { jobId };
    },

    'inspect.strings': async ({ archiveId, pid, from, to, minLength, limit }) =>
      memoryStrings(sessionSource(archives.get(archiveId)), {
        pid,
        from,
        minLength,
        limit,
        ...(to !== undefined ? { to } : {}),
      }),

    'inspect.findings': async ({ archiveId, memory }) => {
      const { values: _values, ...report } = await findingsOf(archives.get(archiveId), memory);
      return report;
    },

    'inspect.revealFinding': async ({ archiveId, findingId }) => {
      const session = archives.get(archiveId);
      for (const p of findings.get(session)?.values() ?? []) {
        const value = (await p.catch(() => null))?.values.get(findingId);
        if (value !== undefined) return { value };
      }
      throw new AppError('NOT_FOUND', `no finding ${findingId} in this archive (list the findings first)`, {
        findingId,
      });
    },

    'diff.compare': async ({ archiveIdA, archiveIdB }) =>
      diffArchives(archives.get(archiveIdA), archives.get(archiveIdB)),

    'report.export': async ({ archiveId, format }) => {
      const session = archives.get(archiveId);
      if (!host.showSaveDialog) throw new AppError('UNSUPPORTED', 'this host downloads reports instead of saving them');
      const target = await host.showSaveDialog(reportFileName(session, format));
      if (target === null) return { saved: false };
      await writeReport(session, target, format);
      return { saved: true };
    },

    'report.render': async ({ archiveId, format }) => {
      const session = archives.get(archiveId);
      return {
        fileName: reportFileName(session, format),
        mime: format === 'html' ? 'text/html' : 'application/json',
        text: await renderReport(session, format),
      };
    },
  };
}

function reportFileName(session: InspectSession, format: 'html' | 'json'): string {
  const base = session.summary().fileName.replace(/\.(tar(\.(gz|zst))?|tgz)$/, '');
  return `${base}-report.${format}`;
}
