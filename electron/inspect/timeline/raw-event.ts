import type { InspectSession } from '../session';
import type { TimelineSource } from '../../../shared/dto';
import type { Instant } from './instant';

/** A time as a source reads it, before sorting and formatting. */
export interface RawEvent {
  at: Instant;
  source: TimelineSource;
  member: string;
  field: string;
  label: string;
  derived?: boolean;
}

/** What the timeline reads an archive through: the session's plain views, nothing private. */
export type TimelineInput = Pick<InspectSession, 'members' | 'config' | 'spec' | 'readMember' | 'rootfs'>;
