import type { Overview, ProblemInfo, ProcessInfo } from '../../shared/dto';
import type { ContainerFacts } from './container-facts';
import type { ImageStore } from './image-store';
import { bindMounts, layoutMembers } from './layout-members';
import { archiveSizes } from './member-info';
import type { ArchiveIndexLike } from './ports';
import { problemOf, type ProcessImages } from './process-images';
import type { ProcessList } from './process-views';
import { securitySummary } from './security';
import { criuStats, criuVersionFromLog } from './stats';

export interface OverviewInputs {
  facts: ContainerFacts & { engine: Overview['engine'] };
  index: Pick<ArchiveIndexLike, 'archiveSize' | 'members' | 'layout'>;
  store: ImageStore;
  procImages: ProcessImages;
  openWarnings: readonly ProblemInfo[];
  processList(): Promise<ProcessList>;
  spec(): Promise<unknown>;
}

/** The overview card data; each part that fails adds a warning naming its member instead of failing the whole. */
export async function buildOverview(i: OverviewInputs): Promise<Overview> {
  const warnings = [...i.openWarnings];
  const sizes = archiveSizes(i.index.members);
  let processCount = 0;
  try {
    const list = await i.processList();
    processCount = list.processes.length;
    warnings.push(...list.problems);
    warnings.push(...(await pagemapProblems(i, list.processes)));
  } catch (error) {
    warnings.push(problemOf(error, 'checkpoint/pstree.img'));
  }
  let statistics: Overview['statistics'] = null;
  try {
    const stats = await i.store.optional('stats-dump');
    statistics = stats ? criuStats(stats) : null;
  } catch (error) {
    warnings.push(problemOf(error, 'stats-dump'));
  }
  const spec = await i.spec().catch(() => null);
  const bindMountsJson = await i.store.readJson('bind.mounts').catch((error: unknown) => {
    warnings.push(problemOf(error, 'bind.mounts'));
    return null;
  });
  const f = i.facts;
  return {
    containerName: f.name,
    containerId: f.id,
    image: f.image,
    imageRef: f.imageRef,
    runtime: f.runtime,
    engine: f.engine,
    createdAt: f.createdAt,
    checkpointedAt: f.checkpointedAt,
    podName: f.podName,
    podNamespace: f.podNamespace,
    annotations: f.annotations,
    ip: f.ip,
    mac: f.mac,
    networks: f.networks,
    layout: i.index.layout ?? 'tar',
    layoutMembers: layoutMembers(i.index.members),
    bindMounts: bindMounts(bindMountsJson, warnings),
    archiveSize: i.index.archiveSize,
    checkpointSize: sizes.checkpointSize,
    memoryPagesSize: sizes.memoryPagesSize,
    rootfsDiffSize: sizes.rootfsDiffSize,
    criuVersion: criuVersionFromLog(await i.store.readText('dump.log', 64 * 1024).catch(() => null)),
    processCount,
    statistics,
    security: spec ? securitySummary(spec) : null,
    warnings,
  };
}

/** What the pagemap readers found wrong (ranges past the pages file, overlaps); a missing pagemap is not reported here. */
async function pagemapProblems(i: OverviewInputs, list: readonly ProcessInfo[]): Promise<ProblemInfo[]> {
  const out: ProblemInfo[] = [];
  for (const p of list) {
    const where = `checkpoint/pagemap-${p.pid}.img`;
    if (!i.store.member(where)) continue;
    const reader = await i.procImages.memory(p.pid).catch(() => null);
    for (const message of reader?.problems ?? []) out.push({ where, pid: p.pid, code: 'IMAGE_CORRUPT', message });
  }
  return out;
}
