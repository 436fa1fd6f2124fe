import type { ProblemInfo, RecoveredItem } from '../../../shared/dto';
import type { InspectSession } from '../session';
import type { FileIndex } from './file-index';
import type { Segment } from './segments';

/** One item as a kind's finder sees it: everything but the preview, and where its bytes lie. */
export interface Found extends Omit<RecoveredItem, 'size' | 'preview'> {
  segments: Segment[];
}

/** What every finder is given. */
export interface FinderContext {
  session: InspectSession;
  /** Members under checkpoint/ by base name, with their sizes. */
  sizes: Map<string, number>;
  files: FileIndex;
  /** Problems beside the rows: an image present but unreadable, data cut short. */
  problems: ProblemInfo[];
}

export type Finder = (ctx: FinderContext) => Promise<Found[]>;

/** A problem about data: what the image declares and cannot be read. */
export function dataProblem(member: string, message: string): ProblemInfo {
  return { where: member, code: 'IMAGE_CORRUPT', message };
}
