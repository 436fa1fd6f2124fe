import type { ProblemInfo } from '../../../shared/dto';
import type { FindingsReport } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';
import { problemOf } from '../process-images';
import type { MemorySource } from '../search/memory-source';
import type { InspectSession } from '../session';
import { FindingCollector, location } from './collector';
import { memoryFindings, type MemoryProgress } from './memory-findings';
import { scanRootfs } from './scan-rootfs';

const MAX_JSON_STRINGS = 100_000;

export interface FindingsOptions {
  memory?: MemorySource | null;
  signal?: AbortSignal;
  /** Told the member each step reads, as it starts (a job's progress). */
  onStep?: (where: string) => void;
  /** Bytes of memory scanned of the total, as the memory step runs. */
  onMemoryBytes?: MemoryProgress;
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

async function scanJson(c: FindingCollector, member: 'spec' | 'config', value: unknown): Promise<void> {
  const file = `${member}.dump`;
  let n = 0;
  for (const [path, text] of jsonStrings(value, '')) {
    if (++n > MAX_JSON_STRINGS) break;
    const eq = text.indexOf('=');
    const where = location(member, `${file} ${path}`, { path: file });
    // process.env entries are NAME=VALUE; so are many config values. Any name without
    // spaces counts: a name with control characters in it must not hide from the name rules.
    if (eq > 0 && eq <= 256 && /^\S+$/.test(text.slice(0, eq)))
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
  if (opts.memory) {
    opts.onStep?.('memory');
    problems.push(...(await memoryFindings(opts.memory, c, opts.signal, opts.onMemoryBytes)));
  }
  const { findings, values } = c.findings(session.archiveId);
  return { findings, complete: problems.length === 0, problems, values };
}
