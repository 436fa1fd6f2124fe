import type { Handlers } from './dispatch';
import type { CoreServices } from './handlers';

/** YARA over an archive (issue 14): a job; the report is the answer. */
export function yaraHandlers(core: CoreServices): Pick<Handlers, 'yara.scan'> {
  return {
    'yara.scan': async ({ archiveId, bundled, files }) => core.yara.scan(archiveId, { bundled, files }),
  };
}
