import type { ArchiveSummary, CheckpointNotice, ConnectionStatus, JobInfo, JobOutcome, JobProgress } from './dto';
import type { SearchResultsEvent } from './dto';

/** Events from main to the renderer. */
export interface EventMap {
  /** Sent before any other event of the job, by whoever started it (a click, the menu, a drop, a checkpoint). */
  'job.started': JobInfo;
  'job.progress': JobProgress;
  'job.finished': JobOutcome;
  'containers.changed': { namespace: string | null; reason: string };
  'connection.changed': ConnectionStatus;
  /** An archive was opened from outside the renderer (menu, command line, second instance, drop). */
  'archive.opened': ArchiveSummary;
  /** An application-menu command the renderer acts on. */
  'menu.command': { command: 'open' | 'connect' | 'close-archive' | 'about' };
  /** Matches of a running `search.start` job, in batches. */
  'search.results': SearchResultsEvent;
  /** A checkpoint left unfinished by a killed process was finished (or could not be), or one is being stopped. */
  'checkpoint.notice': CheckpointNotice;
}

export type EventName = keyof EventMap;

export const EVENT_NAMES: readonly EventName[] = [
  'job.started',
  'job.progress',
  'job.finished',
  'containers.changed',
  'connection.changed',
  'archive.opened',
  'menu.command',
  'search.results',
  'checkpoint.notice',
];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
