import type { Handlers } from './dispatch';
import type { CoreServices } from './handlers';

/** Core files of a process (issue 14): Electron saves through its dialog; the browser host downloads over HTTP. */
export function coredumpHandlers(core: CoreServices): Pick<Handlers, 'coredump.save'> {
  return {
    'coredump.save': async ({ archiveId, pid }) => core.coredump.save(archiveId, pid),
  };
}
