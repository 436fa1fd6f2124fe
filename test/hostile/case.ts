import type { ArchiveLimits } from '../../electron/archive/limits';

/**
 * One hostile input. `build` writes it under dir and returns its path.
 * expect: 'error' = opening rejects with AppError `code`; 'partial' = opening
 * resolves with a problem whose code is `code`; 'ok' = opens cleanly (links,
 * devices: indexed, never followed) and `check` holds.
 */
export interface HostileCase {
  name: string;
  /** 'archive' cases are run by test/unit/archive/hostile.test.ts; 'criu' cases by the CRIU image tests. */
  level: 'archive' | 'criu';
  build(dir: string): Promise<string>;
  expect: 'error' | 'partial' | 'ok';
  code?: string;
  /** Limits to open with (the defaults otherwise), to keep a case small. */
  limits?: Partial<ArchiveLimits>;
  /** For CRIU cases: the member of the checkpoint the case is about. */
  member?: string;
  /** Extra facts about the index, as [member name, expected type] pairs. */
  members?: [string, string][];
}
