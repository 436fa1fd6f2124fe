import type { KeyboardEvent } from 'react';
import type { ArchiveSummary } from '../../../../shared/dto';
import { setArchiveTab, useArchiveTab } from '../../stores/archives-store';
import { ARCHIVE_VIEWS as TABS } from './archive-views';
import { rovingIndex } from '../../lib/roving-keys';
import { ArchiveHeader } from './archive-header';
import { ConfigTab, SpecTab } from './json/json-tabs';
import { FilesTab } from './files/files-tab';
import { ImagesTab } from './images/images-tab';
import { IntegrityTab } from './integrity/integrity-tab';
import { LogTab } from './log/log-tab';
import { MemoryTab } from './memory/memory-tab';
import { MountsTab } from './mounts/mounts-tab';
import { OverviewTab } from './overview/overview-tab';
import { ProcessesTab } from './processes/processes-tab';
import { RootfsTab } from './rootfs/rootfs-tab';
import { TimelineTab } from './timeline/timeline-tab';
import { SecurityTab } from './security/security-tab';
import { RecoveredTab } from './recovered/recovered-tab';
import { FindingsTab } from '../forensics/findings-tab';
import { SearchTab } from '../forensics/search-tab';
import { YaraTab } from '../forensics/yara-tab';

export function ArchiveScreen({ archive }: { archive: ArchiveSummary }) {
  const tab = useArchiveTab(archive.archiveId);
  const id = archive.archiveId;
  const onKeyDown = (e: KeyboardEvent) => {
    const to = rovingIndex(
      e.key,
      TABS.findIndex((t) => t.id === tab),
      TABS.length,
    );
    if (to === null) return;
    e.preventDefault();
    const next = TABS[to];
    if (next) {
      setArchiveTab(id, next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
  return (
    <div className="archive-view" data-testid="archive-screen">
      <ArchiveHeader archive={archive} />
      <div className="tabs" role="tablist" aria-label="Archive views" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab active' : 'tab'}
            data-testid={`tab-${t.id}`}
            onClick={() => setArchiveTab(id, t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section className="tab-body" role="tabpanel" aria-labelledby={`tab-${tab}`} data-testid={`panel-${tab}`}>
        {tab === 'overview' && <OverviewTab archiveId={id} />}
        {tab === 'processes' && <ProcessesTab archiveId={id} />}
        {tab === 'files' && <FilesTab archiveId={id} />}
        {tab === 'memory' && <MemoryTab archiveId={id} />}
        {tab === 'search' && <SearchTab archiveId={id} />}
        {tab === 'findings' && <FindingsTab archiveId={id} />}
        {tab === 'mounts' && <MountsTab archiveId={id} />}
        {tab === 'rootfs' && <RootfsTab archiveId={id} />}
        {tab === 'recovered' && <RecoveredTab archiveId={id} />}
        {tab === 'timeline' && <TimelineTab archiveId={id} />}
        {tab === 'security' && <SecurityTab archiveId={id} />}
        {tab === 'config' && <ConfigTab archiveId={id} />}
        {tab === 'spec' && <SpecTab archiveId={id} />}
        {tab === 'images' && <ImagesTab archiveId={id} />}
        {tab === 'log' && <LogTab archiveId={id} />}
        {tab === 'integrity' && <IntegrityTab archiveId={id} />}
        {tab === 'yara' && <YaraTab archiveId={id} />}
      </section>
    </div>
  );
}
