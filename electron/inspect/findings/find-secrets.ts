import type { ProblemInfo } from '../../../shared/dto';
import type { FindingsReport } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';
import { MAX_RANGE } from '../../../shared/schemas';
import { problemOf } from '../process-images';
import type { MemorySource } from '../search/memory-source';
import type { InspectSession } from '../session';
import { FindingCollector, location } from './collector';
import { memoryFindings } from './memory-findings';

/** rootfs-diff files larger than this are not scanned (listed as a problem). */
export const MAX_ROOTFS_FILE = 4 * 1024 * 1024;
export const MAX_ROOTFS_TOTAL = 64 * 1024 * 1024;
const MAX_JSON_STRINGS = 100_000;
/** Files skipped for the limits listed one by one; the rest are counted in one problem. */
const MAX_SKIPPED_LISTED = 50;

export interface FindingsOptions {
  memory?: MemorySource | null;
  signal?: AbortSignal;
  /** Told the member each step reads, as it starts (a job's progress). */
  onStep?: (where: string) => void;
}

type Session = Pick<
  InspectSession,
  'archiveId' | 'processes' | 'process' | 'cmdline' | 'spec' | 'config' | 'rootfs' | 'readRootfsFile'
>;

function* jsonStrings(value: unknown, path: string, depth = 0): Generator<[string, string]> {
  if (depth > 64) return;
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* jsonStrings(v, `${path}[${i}]`, depth + 1);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) yield* jsonStrings(v, path ? `${path}.${k}` : k, depth + 1);
}

/**
 * Line numbers of positions in one text. Hits come in order within a rule,
 * so counting on from the last position asked keeps a file's line numbers
 * linear in its size per rule (counting from the top for each hit was
 * quadratic in a file of many lines).
 */
function lineCounter(text: string): (index: number) => number {
  let at = 0;
  let line = 1;
  return (index) => {
    if (index < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
    at = index;
    return line;
  };
}

async function scanJson(c: FindingCollector, member: 'spec' | 'config', value: unknown): Promise<void> {
  const file = `${member}.dump`;
  let n = 0;
  for (const [path, text] of jsonStrings(value, '')) {
    if (++n > MAX_JSON_STRINGS) break;
    const eq = text.indexOf('=');
    const where = location(member, `${file} ${path}`, { path: file });
    // process.env entries are NAME=VALUE; so are many config values.
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text.slice(0, eq)))
      c.scanVariable(text.slice(0, eq), text.slice(eq + 1), member, where);
    else c.scanText(text, member, () => where);
  }
  const args = (value as { process?: { args?: unknown } } | null)?.process?.args;
  if (member === 'spec' && Array.isArray(args)) {
    c.scanText(args.filter((a): a is string => typeof a === 'string').join(' '), 'spec', () =>
      location('spec', `${file} process.args`, { path: file }),
    );
  }
}

async function scanRootfs(
  session: Session,
  c: FindingCollector,
  problems: ProblemInfo[],
  signal?: AbortSignal,
): Promise<void> {
  let total = 0;
  let skipped = 0;
  let skippedBytes = 0;
  for (const entry of await session.rootfs()) {
    if (entry.type !== 'file' || entry.change === 'deleted' || entry.size === 0) continue;
    if (entry.size > MAX_ROOTFS_FILE || total + entry.size > MAX_ROOTFS_TOTAL) {
      skipped++;
      skippedBytes += entry.size;
      if (skipped <= MAX_SKIPPED_LISTED) {
        const limit =
          entry.size > MAX_ROOTFS_FILE
            ? `MAX_ROOTFS_FILE = ${MAX_ROOTFS_FILE}`
            : `MAX_ROOTFS_TOTAL = ${MAX_ROOTFS_TOTAL}`;
        problems.push({
          where: entry.path,
          code: 'LIMIT_EXCEEDED',
          message: `not scanned: ${entry.size} bytes is over ${limit} bytes`,
        });
      }
      continue;
    }
    signal?.throwIfAborted();
    total += entry.size;
    const parts: Buffer[] = [];
    for (let at = 0; at < entry.size; at += MAX_RANGE) {
      parts.push((await session.readRootfsFile(entry.path, at, Math.min(MAX_RANGE, entry.size - at))).data);
    }
    const text = Buffer.concat(parts).toString('latin1');
    const lineOf = lineCounter(text);
    c.scanText(text, 'rootfs', (i) => location('rootfs', `${entry.path}:${lineOf(i)}`, { path: entry.path }));
  }
  if (skipped > MAX_SKIPPED_LISTED)
    problems.push({
      where: 'rootfs-diff.tar',
      code: 'LIMIT_EXCEEDED',
      message: `${skipped - MAX_SKIPPED_LISTED} more files (${skipped} in all, ${skippedBytes} bytes) not scanned: over MAX_ROOTFS_FILE = ${MAX_ROOTFS_FILE} or MAX_ROOTFS_TOTAL = ${MAX_ROOTFS_TOTAL} bytes`,
    });
}

/**
 * Secret findings of one archive: environment and command lines of every
 * process, spec.dump and config.dump, the rootfs-diff files and (when a
 * memory source is given) the dumped memory.
 */
export async function findSecrets(
  session: Session,
  opts: FindingsOptions = {},
): Promise<FindingsReport & { values: Map<string, string> }> {
  const c = new FindingCollector();
  const problems: ProblemInfo[] = [];
  const step = async (where: string, work: () => Promise<void>, pid?: number) => {
    opts.onStep?.(where);
    try {
      await work();
    } catch (error) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'findings cancelled');
      problems.push(problemOf(error, where, pid));
    }
  };
  await step('checkpoint/pstree.img', async () => {
    for (const p of await session.processes()) {
      const label = `pid ${p.pid} (${p.comm})`;
      const scanCmdline = (argv: readonly string[]) =>
        c.scanText(argv.join(' '), 'cmdline', () => location('cmdline', `${label} cmdline`, { pid: p.pid }));
      if (/zombie|dead/i.test(p.state)) {
        scanCmdline(p.cmdline);
        continue;
      }
      // Read again, not taken from the process list: a failed read must be a problem, not an empty argv.
      await step(`checkpoint/mm-${p.pid}.img`, async () => scanCmdline(await session.cmdline(p.pid)), p.pid);
      await step(
        `checkpoint/mm-${p.pid}.img`,
        async () => {
          const detail = await session.process(p.pid);
          problems.push(...(detail.problems ?? []));
          for (const v of detail.environment) {
            c.scanVariable(
              v.name,
              v.value,
              'environment',
              location('environment', `${label} env ${v.name}`, { pid: p.pid }),
            );
          }
        },
        p.pid,
      );
    }
  });
  await step('spec.dump', async () => scanJson(c, 'spec', await session.spec()));
  await step('config.dump', async () => scanJson(c, 'config', await session.config()));
  await step('rootfs-diff.tar', () => scanRootfs(session, c, problems, opts.signal));
  if (opts.memory) problems.push(...(await memoryFindings(opts.memory, c, opts.signal)));
  const { findings, values } = c.findings(session.archiveId);
  return { findings, complete: problems.length === 0, problems, values };
}
