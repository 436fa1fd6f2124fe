import type { ArchiveTab } from '../../stores/archives-store';

/** The archive screen's views, in tab order (the tab strip and the command palette). */
export const ARCHIVE_VIEWS: { id: ArchiveTab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'processes', label: 'Processes' },
  { id: 'files', label: 'Files & sockets' },
  { id: 'memory', label: 'Memory' },
  { id: 'search', label: 'Search memory' },
  { id: 'findings', label: 'Findings' },
  { id: 'mounts', label: 'Mounts' },
  { id: 'rootfs', label: 'Root FS diff' },
  { id: 'recovered', label: 'Recovered' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'security', label: 'Security' },
  { id: 'config', label: 'Config' },
  { id: 'spec', label: 'Spec' },
  { id: 'images', label: 'CRIU images' },
  { id: 'log', label: 'Log' },
  { id: 'integrity', label: 'Integrity' },
  { id: 'yara', label: 'YARA' },
];
