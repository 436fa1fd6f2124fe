import { AppError } from '../../shared/errors';
import { sessionSource } from '../inspect/search/memory-source';
import { searchMemory } from '../inspect/search/search-memory';
import { memoryStrings } from '../inspect/search/strings';
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

/** Progress events at most this often per job. */
const PROGRESS_MS = 100;

/** Memory search, strings, findings, diff and report: the forensic channels. */
export function forensicsHandlers(core: CoreServices): Pick<Handlers, ForensicsChannels> {
  const { archives, jobs, events, host } = core;
  return {
    'search.start': async ({ archiveId, ...req }) => {
      const session = archives.get(archiveId);
      const holder = { jobId: '' };
      const { jobId } = jobs.start(
        'search',
        `Search memory for ${req.query.slice(0, 40)}`,
        async (ctx) => {
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
        },
        { archiveId },
      );
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

    'inspect.findings': async ({ archiveId, memory }) => core.forensics.findings(archiveId, memory),

    'inspect.revealFinding': async ({ archiveId, findingId }) => ({
      value: await core.forensics.reveal(archiveId, findingId),
    }),

    'diff.compare': async ({ archiveIdA, archiveIdB }) => core.forensics.diff(archiveIdA, archiveIdB),

    'report.export': async ({ archiveId, format }) => {
      const fileName = core.forensics.reportFileName(archiveId, format);
      if (!host.showSaveDialog) throw new AppError('UNSUPPORTED', 'this host downloads reports instead of saving them');
      const target = await host.showSaveDialog(fileName);
      if (target === null) return { saved: false };
      await core.forensics.writeReport(archiveId, format, target);
      return { saved: true };
    },

    'report.render': async ({ archiveId, format }) => core.forensics.renderReport(archiveId, format),
  };
}
