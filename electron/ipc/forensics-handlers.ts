import { AppError } from '../../shared/errors';
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

/** Memory search, strings, findings, diff and report: the forensic channels. */
export function forensicsHandlers(core: CoreServices): Pick<Handlers, ForensicsChannels> {
  const { host } = core;
  return {
    'search.start': async ({ archiveId, ...request }) => core.forensics.search(archiveId, request),

    'inspect.strings': async ({ archiveId, pid, from, to, minLength, limit }) =>
      core.forensics.strings(archiveId, { pid, from, minLength, limit, ...(to !== undefined ? { to } : {}) }),

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
