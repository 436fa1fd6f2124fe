// Compares the hashes computed now with a reference: one row for the archive
// and one per member, each same, differs, missing (in the reference only) or
// extra (in the archive only). Members without content (folders, links) are
// compared only when the reference lists them: a sha256sum list never does.
import type { IntegrityHashes, ProblemInfo, VerifyResult, VerifyRow, VerifyStatus } from '../../../shared/dto';
import { readReference, type Reference } from './reference';

function status(expected: string | null, actual: string | null): VerifyStatus {
  return expected === actual ? 'same' : 'differs';
}

export function compareHashes(actual: Pick<IntegrityHashes, 'archive' | 'members'>, ref: Reference): VerifyResult {
  const rows: VerifyRow[] = [];
  const problems: ProblemInfo[] = [...ref.problems];
  if (ref.archive) {
    rows.push({
      name: actual.archive.fileName,
      isArchive: true,
      status: status(ref.archive.sha256, actual.archive.sha256),
      expected: ref.archive.sha256,
      actual: actual.archive.sha256,
    });
  } else {
    problems.push({
      where: actual.archive.fileName,
      code: 'NOT_FOUND',
      message: 'the reference has no sha256 of the archive itself: only its members are compared',
    });
  }
  const seen = new Set<string>();
  for (const m of actual.members) {
    seen.add(m.name);
    if (!ref.members.has(m.name)) {
      if (m.sha256 !== null)
        rows.push({ name: m.name, isArchive: false, status: 'extra', expected: null, actual: m.sha256 });
      continue;
    }
    const expected = ref.members.get(m.name) ?? null;
    rows.push({ name: m.name, isArchive: false, status: status(expected, m.sha256), expected, actual: m.sha256 });
  }
  for (const [name, expected] of ref.members) {
    if (!seen.has(name)) rows.push({ name, isArchive: false, status: 'missing', expected, actual: null });
  }
  const counts: Record<VerifyStatus, number> = { same: 0, differs: 0, missing: 0, extra: 0 };
  for (const r of rows) counts[r.status]++;
  const ok = counts.differs + counts.missing + counts.extra === 0 && problems.length === 0 && rows.length > 0;
  return { against: ref.against, ok, rows, counts, problems };
}

/** Reads the reference text and compares: the one rule every host's verify uses. */
export function verifyHashes(
  actual: Pick<IntegrityHashes, 'archive' | 'members'>,
  referenceText: string,
): VerifyResult {
  const names = new Set(actual.members.map((m) => m.name));
  return compareHashes(actual, readReference(referenceText, actual.archive.fileName, names));
}
