import { AppError } from '../../shared/errors';
import type { Handlers } from './dispatch';
import { toBytesPage, toDecodedImagePage, toMemoryRange } from './encode';
import type { CoreServices } from './handlers';
import { requireSample } from '../app/host';
import { exportedOrSay } from '../app/custody';
import { archiveProvenance, archiveTimeline } from '../app/timeline';
import { securityOf } from '../app/security';
import { readRecovered, recoveredList, saveRecovered, searchRecovered } from '../app/recovered';
import { checkedRange, rangeFileName, saveMemoryRange } from '../inspect/memory-range-save';
import { filterVmas, parseVmaFilter } from '../inspect/vma-filter';
import { saveName } from '../inspect/recovered/save-name';
import type { ForensicsChannels } from './forensics-handlers';

// The forensic inspect.* channels are served by forensics-handlers.ts.
type ArchiveChannels = Exclude<Extract<keyof Handlers, `archive.${string}` | `inspect.${string}`>, ForensicsChannels>;

/** The archive and inspection channels: every call names an archive id main minted. */
export function archiveHandlers(core: CoreServices): Pick<Handlers, ArchiveChannels> {
  const { archives, settings, host } = core;
  const session = (id: string) => archives.get(id);
  return {
    'archive.list': async () => archives.list().map((s) => s.summary()),
    'archive.recent': async () => settings.recent(),
    'archive.openSample': async () => core.openPath(requireSample(host)),
    'archive.openRecent': async ({ key }) => {
      const found = settings.recentPath(key);
      if (!found) throw new AppError('NOT_FOUND', 'that recent archive is no longer listed');
      return core.openPath(found);
    },
    'archive.openDialog': async ({ folder }) => {
      if (!host.showOpenDialog)
        throw new AppError('UNSUPPORTED', 'this host has no file dialog; drop or upload a file');
      const chosen = await host.showOpenDialog(folder ? 'folder' : 'file');
      return chosen === null ? null : core.openPath(chosen);
    },
    'archive.openCheckpointImage': async ({ namespace, name }) => core.checkpointImages.open(namespace, name),
    'archive.openWithParent': async ({ archiveId, parentArchiveId }) =>
      core.archivesApp.openWithParent(archiveId, parentArchiveId),
    'archive.close': async ({ archiveId }) => {
      await archives.close(archiveId);
      return null;
    },
    'archive.overview': async ({ archiveId }) => session(archiveId).overview(),
    'archive.members': async ({ archiveId }) => session(archiveId).members(),
    'archive.readMember': async ({ archiveId, name, offset, length }) =>
      toBytesPage(await session(archiveId).readMember(name, offset, length)),
    'archive.sha256': async ({ archiveId }) => core.archivesApp.sha256(archiveId),
    'archive.config': async ({ archiveId }) => session(archiveId).config(),
    'archive.spec': async ({ archiveId }) => session(archiveId).spec(),
    'archive.log': async ({ archiveId, offset, length }) => toBytesPage(await session(archiveId).log(offset, length)),

    'inspect.processes': async ({ archiveId }) => session(archiveId).processes(),
    'inspect.process': async ({ archiveId, pid }) => session(archiveId).process(pid),
    'inspect.files': async ({ archiveId }) => session(archiveId).files(),
    'inspect.sockets': async ({ archiveId }) => session(archiveId).sockets(),
    'inspect.mounts': async ({ archiveId }) => session(archiveId).mounts(),
    'inspect.timeline': async ({ archiveId }) => archiveTimeline(session(archiveId)),
    'inspect.provenance': async ({ archiveId }) => archiveProvenance(session(archiveId)),
    'inspect.security': async ({ archiveId, pid }) => securityOf(session(archiveId), pid),
    'inspect.memoryUsage': async ({ archiveId }) => session(archiveId).memoryUsage(),
    'inspect.recovered': async ({ archiveId }) => recoveredList(session(archiveId)),
    'inspect.readRecovered': async ({ archiveId, id, offset, length }) =>
      toBytesPage(await readRecovered(session(archiveId), id, offset, length)),
    'inspect.searchRecovered': async ({ archiveId, id, query, kind }) =>
      searchRecovered(session(archiveId), id, query, kind),
    'inspect.saveRecovered': async ({ archiveId, id }) => {
      const s = session(archiveId);
      if (!host.showSaveDialog) throw new AppError('UNSUPPORTED', 'this host downloads files instead of saving them');
      const item = (await recoveredList(s)).rows.find((r) => r.id === id);
      if (!item) throw new AppError('NOT_FOUND', `no recovered item ${id} in this archive`);
      const target = await host.showSaveDialog(saveName(item));
      if (target === null) return { saved: false };
      await saveRecovered(s, id, target);
      return { saved: true };
    },
    'inspect.vmas': async ({ archiveId, pid, filter }) =>
      filterVmas(await session(archiveId).vmas(pid), parseVmaFilter(filter ?? [])),
    'inspect.checkMemoryRange': async ({ archiveId, pid, start, end }) =>
      (await checkedRange(session(archiveId), pid, start, end)).range,
    'inspect.saveMemoryRange': async ({ archiveId, pid, start, end }) => {
      const s = session(archiveId); // an unknown archive is NOT_FOUND on every host
      if (!host.showSaveDialog) throw new AppError('UNSUPPORTED', 'this host downloads files instead of saving them');
      const { regions, range } = await checkedRange(s, pid, start, end);
      const target = await host.showSaveDialog(rangeFileName(pid, start, end));
      if (target === null) return range;
      const saved = await saveMemoryRange(regions, { pid, start, end }, target, { replace: true });
      await exportedOrSay(session(archiveId), { what: 'VMA range', target, detail: { pid, start, end } });
      return saved;
    },
    'inspect.readMemory': async ({ archiveId, pid, address, length }) =>
      toMemoryRange(await session(archiveId).readMemory(pid, address, length)),
    'inspect.images': async ({ archiveId }) => session(archiveId).images(),
    'inspect.decodeImage': async ({ archiveId, name, offset, limit }) =>
      toDecodedImagePage(await session(archiveId).decodeImage(name, offset, limit)),
    'inspect.rootfs': async ({ archiveId }) => session(archiveId).rootfs(),
    'inspect.readRootfsFile': async ({ archiveId, path, offset, length }) =>
      toBytesPage(await session(archiveId).readRootfsFile(path, offset, length)),
    'inspect.saveRootfsFile': async ({ archiveId, path }) => {
      if (!host.showSaveDialog) throw new AppError('UNSUPPORTED', 'this host downloads files instead of saving them');
      const target = await host.showSaveDialog(path.split('/').pop() || 'file');
      if (target === null) return { saved: false };
      await session(archiveId).exportRootfsFile(path, target);
      await exportedOrSay(session(archiveId), { what: 'saved file (rootfs diff)', target, detail: { path } });
      return { saved: true };
    },
  };
}
