import type { Handlers } from './dispatch';
import type { CoreServices } from './handlers';

type IntegrityChannels = 'integrity.hashes' | 'integrity.verify' | 'custody.list';

/** Hashes, verify and the custody log: the rules are in app/integrity*.ts. */
export function integrityHandlers(core: CoreServices): Pick<Handlers, IntegrityChannels> {
  return {
    'integrity.hashes': async ({ archiveId }) => core.integrity.hashes(archiveId),
    'integrity.verify': async ({ archiveId, reference, name }) =>
      core.integrity.verify(archiveId, { text: reference, name }),
    'custody.list': async () => core.integrity.custody(),
  };
}
