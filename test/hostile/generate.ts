import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tarCases } from './archive-cases';
import type { HostileCase } from './case';
import { compressedCases } from './compressed-cases';
import { criuCases } from './criu-cases';

export type { HostileCase } from './case';
export { checkpointTar, criuCase } from './criu-cases';

export const hostileCases: readonly HostileCase[] = [...tarCases, ...compressedCases, ...criuCases];

export interface GeneratedCase {
  case: HostileCase;
  path: string;
}

/**
 * Writes the chosen cases (all by default) into dir, one subfolder each, and
 * returns them with their paths and expected outcomes.
 */
export async function generateHostileCases(
  dir: string,
  filter: { level?: HostileCase['level']; names?: readonly string[] } = {},
): Promise<GeneratedCase[]> {
  const chosen = hostileCases.filter(
    (c) =>
      (filter.level === undefined || c.level === filter.level) &&
      (filter.names === undefined || filter.names.includes(c.name)),
  );
  const out: GeneratedCase[] = [];
  for (const c of chosen) {
    const caseDir = join(dir, c.name);
    await mkdir(caseDir, { recursive: true });
    out.push({ case: c, path: await c.build(caseDir) });
  }
  return out;
}
