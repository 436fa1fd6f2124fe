// YARA over a whole checkpoint: the memory of every process VMA by VMA, then
// every regular file of rootfs-diff.tar. One rule set, one deadline: past it
// the scan stops and reports what it did not reach as a problem (a single
// pathological window is bounded by the worker's own deadline).
import type { ProblemInfo } from '../../../shared/dto';
import type { YaraReport, YaraRequest, YaraScanned } from '../../../shared/dto/yara';
import { AppError } from '../../../shared/errors';
import type { MemorySource } from '../search/memory-source';
import type { InspectSession } from '../session';
import { BUNDLED_RULES } from './bundled-rules';
import { blockScanner, compileRules, type RuleSource } from './engine';
import { HitCollector } from './hits';
import { YARA_DEADLINE_MS, YARA_MAX_RULE_FILE, YARA_MAX_RULE_FILES } from './limits';
import { planBytes, planMemory, scanMemory } from './scan-memory';
import { rootfsFiles, scanFiles, type FileToScan } from './scan-files';

export interface YaraScanOptions {
  signal?: AbortSignal;
  deadlineMs?: number;
  /** Bytes scanned so far of the total planned (memory and files). */
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Extra files to scan beside the rootfs diff (the recovered in-memory files); what cannot be listed goes to problems. */
  extraFiles?: (problems: ProblemInfo[]) => Promise<FileToScan[]>;
}

class DeadlineReached extends Error {}

/** The rule files a request names: the bundled ones first, then the user's, checked against the limits. */
export function requestSources(request: YaraRequest): RuleSource[] {
  const sources = [...(request.bundled ? BUNDLED_RULES : []), ...request.files];
  if (sources.length === 0) throw new AppError('INVALID_ARGUMENT', 'no rules: choose the bundled rules or rule files');
  if (sources.length > YARA_MAX_RULE_FILES)
    throw new AppError('LIMIT_EXCEEDED', `at most ${YARA_MAX_RULE_FILES} rule files at once`);
  for (const s of sources)
    if (s.text.length > YARA_MAX_RULE_FILE)
      throw new AppError('LIMIT_EXCEEDED', `rule file ${s.name} is over ${YARA_MAX_RULE_FILE} characters`);
  return sources;
}

function emptyScanned(): YaraScanned {
  return { processes: 0, vmas: 0, memoryBytes: 0, notInCheckpointBytes: 0, files: 0, fileBytes: 0 };
}

async function filesOf(
  session: Pick<InspectSession, 'rootfs' | 'readRootfsFile'>,
  opts: YaraScanOptions,
  problems: ProblemInfo[],
): Promise<FileToScan[]> {
  const files: FileToScan[] = [];
  try {
    files.push(...(await rootfsFiles(session)));
  } catch (error) {
    // No rootfs-diff.tar is "nothing to scan there", not a gap.
    if (!(error instanceof AppError && error.code === 'NOT_FOUND'))
      problems.push({
        where: 'rootfs-diff.tar',
        code: error instanceof AppError ? error.code : 'INTERNAL',
        message: `rootfs diff not scanned: ${(error as Error).message}`,
      });
  }
  if (opts.extraFiles) files.push(...(await opts.extraFiles(problems)));
  return files;
}

export async function scanCheckpoint(
  session: Pick<InspectSession, 'rootfs' | 'readRootfsFile'>,
  memory: MemorySource,
  request: YaraRequest,
  opts: YaraScanOptions = {},
): Promise<YaraReport> {
  const started = Date.now();
  const sources = requestSources(request);
  const ruleFiles = sources.map((s) => s.name);
  const scanned = emptyScanned();
  const base = { ruleFiles, scanned, truncated: false, hits: [], problems: [] as ProblemInfo[] };
  const compiled = compileRules(sources);
  if ('errors' in compiled)
    return { ...base, rules: 0, compileErrors: compiled.errors, warnings: [], complete: false, elapsedMs: 0 };
  const problems: ProblemInfo[] = [];
  const hits = new HitCollector(ruleFiles);
  const scanner = blockScanner(compiled.rules);
  const deadline = started + (opts.deadlineMs ?? YARA_DEADLINE_MS);
  let phase = 'memory';
  let done = 0;
  let total = 0;
  const check = () => {
    opts.signal?.throwIfAborted();
    if (Date.now() > deadline) throw new DeadlineReached();
  };
  const windowOpts = {
    check,
    onBytes: (n: number) => {
      done += n;
      opts.onProgress?.(done, total, phase);
    },
  };
  try {
    const plans = await planMemory(memory, problems);
    const files = await filesOf(session, opts, problems);
    total = planBytes(plans) + files.reduce((s, f) => s + f.size, 0);
    opts.onProgress?.(0, total, phase);
    const ctx = { scanner, hits, scanned, problems, opts: windowOpts };
    await scanMemory(plans, ctx);
    phase = 'files';
    await scanFiles(files, ctx);
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error;
    const limit = opts.deadlineMs ?? YARA_DEADLINE_MS;
    problems.push({
      where: 'checkpoint',
      code: 'TIMEOUT',
      message: `the rules' time of ${limit} ms ran out in the ${phase} scan: ${total - done} of ${total} bytes not scanned`,
    });
  } finally {
    scanner.free();
    compiled.rules.free();
  }
  if (hits.truncated)
    problems.push({ where: 'checkpoint', code: 'LIMIT_EXCEEDED', message: 'more hits than the report keeps' });
  return {
    ...base,
    rules: compiled.count,
    compileErrors: [],
    warnings: compiled.warnings,
    hits: hits.hits(),
    truncated: hits.truncated,
    problems,
    complete: problems.length === 0,
    elapsedMs: Date.now() - started,
  };
}
