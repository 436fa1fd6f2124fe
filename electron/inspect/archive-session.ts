import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type {
  ArchiveSummary,
  BytesPage,
  CriuImageInfo,
  DecodedImagePage,
  FileRow,
  MemberInfo,
  MemoryRange,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProblemInfo,
  ProcessDetail,
  ProcessInfo,
  RootfsEntry,
  SocketRow,
  Vma,
} from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { base64, boundedRange } from './bounds';
import { containerFacts, type ContainerFacts } from './container-facts';
import { Memo } from './memo';
import { buildOverview } from './overview-view';
import { detectEngine } from './engine';
import { ImageStore } from './image-store';
import { imageList, decodePage } from './image-views';
import { memberInfo } from './member-info';
import { criuMounts, specMounts } from './mounts';
import type { ArchiveIndexLike, InspectDeps, MemoryReaderLike, TarMemberLike } from './ports';
import { problemOf, ProcessImages } from './process-images';
import {
  allFiles,
  allSockets,
  cmdline,
  environment,
  memoryUsage,
  processList,
  vmasOf,
  type ProcessList,
} from './process-views';
import { RootfsDiff } from './rootfs-view';
import type { InspectSession } from './session';
import type { SocketDetail } from './sockets';

const LOG_MEMBERS = ['dump.log', 'container.log', 'ctr.log'];

/**
 * One opened archive. Opening reads only the index, config.dump and
 * spec.dump; every other view is computed on first use and kept.
 */
export class ArchiveSession<M extends TarMemberLike = TarMemberLike> implements InspectSession {
  private readonly store: ImageStore<M>;
  private readonly procImages: ProcessImages;
  private readonly memo = new Memo();
  private readonly rootfsDiff: RootfsDiff<M>;

  private constructor(
    readonly archiveId: string,
    readonly path: string,
    private readonly index: ArchiveIndexLike<M>,
    deps: InspectDeps<M>,
    cacheDir: string,
    private readonly facts: ContainerFacts & { engine: ArchiveSummary['engine'] },
    private readonly openWarnings: ProblemInfo[],
  ) {
    this.store = new ImageStore(index, deps);
    this.procImages = new ProcessImages(this.store);
    this.rootfsDiff = new RootfsDiff(index, this.store, deps, cacheDir);
  }

  static async open<M extends TarMemberLike>(
    path: string,
    deps: InspectDeps<M>,
    opts: { archiveId: string; cacheDir: string; signal?: AbortSignal },
  ): Promise<ArchiveSession<M>> {
    const index = await deps.openArchive(path, {
      cacheDir: opts.cacheDir,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    try {
      const store = new ImageStore(index, deps);
      const warnings: ProblemInfo[] = index.problems.map((p) => ({ where: p.where, code: p.code, message: p.message }));
      const readJson = async (name: string): Promise<unknown> => {
        try {
          return await store.readJson(name);
        } catch (error) {
          warnings.push(problemOf(error, name));
          return null;
        }
      };
      const [config, spec, network] = [
        await readJson('config.dump'),
        await readJson('spec.dump'),
        await readJson('network.status'),
      ];
      if (!index.get('checkpoint') && !index.members.some((m) => m.name.startsWith('checkpoint/'))) {
        warnings.push({
          where: 'checkpoint/',
          code: 'ARCHIVE_CORRUPT',
          message: 'no checkpoint/ folder: this is not a checkpoint archive',
        });
      }
      const fileName = basename(path);
      const engine = detectEngine({ memberNames: new Set(index.members.map((m) => m.name)), spec, config, fileName });
      const facts = { ...containerFacts(engine, config, spec, network, fileName), engine };
      return new ArchiveSession(opts.archiveId, path, index, deps, opts.cacheDir, facts, warnings);
    } catch (error) {
      await index.close();
      throw error;
    }
  }

  summary(): ArchiveSummary {
    return {
      archiveId: this.archiveId,
      fileName: basename(this.path),
      containerName: this.facts.name,
      image: this.facts.image,
      engine: this.facts.engine,
      compression: this.index.compression,
      size: this.index.archiveSize,
      checkpointedAt: this.facts.checkpointedAt,
      warnings: [...this.openWarnings],
    };
  }

  overview(): Promise<Overview> {
    return this.memo.get('overview', () =>
      buildOverview({
        facts: this.facts,
        index: this.index,
        store: this.store,
        procImages: this.procImages,
        openWarnings: this.openWarnings,
        processList: () => this.processList(),
        spec: () => this.spec(),
      }),
    );
  }

  members(): MemberInfo[] {
    return this.index.members.map(memberInfo);
  }

  async readMember(name: string, offset: number, length: number): Promise<BytesPage> {
    const member = this.index.get(name);
    if (!member || member.type !== 'file')
      throw new AppError('NOT_FOUND', `${name} is not a file in the archive`, { member: name });
    const n = boundedRange(offset, length, member.size, name);
    return { offset, data: base64(await this.index.read(member, offset, n)), total: member.size };
  }

  sha256(signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      const stream = createReadStream(this.path, signal ? { signal } : {});
      stream.on('data', (chunk) => hash.update(chunk));
      stream.on('error', (error) =>
        reject(
          error.name === 'AbortError'
            ? new AppError('CANCELLED', 'sha256 cancelled')
            : new AppError('ARCHIVE_CORRUPT', `reading the archive: ${error.message}`),
        ),
      );
      stream.on('end', () => resolve(hash.digest('hex')));
    });
  }

  config(): Promise<unknown> {
    return this.store.readJson('config.dump');
  }

  spec(): Promise<unknown> {
    return this.store.readJson('spec.dump');
  }

  async log(offset: number, length: number): Promise<BytesPage> {
    const name = LOG_MEMBERS.find((n) => this.store.member(n) !== undefined);
    if (!name) throw new AppError('NOT_FOUND', 'the archive holds no dump.log or container.log');
    return this.readMember(name, offset, length);
  }

  private processList(): Promise<ProcessList> {
    return this.memo.get('processes', () => processList(this.procImages));
  }

  async processes(): Promise<ProcessInfo[]> {
    return (await this.processList()).processes;
  }

  async process(pid: number): Promise<ProcessDetail> {
    const info = (await this.processes()).find((p) => p.pid === pid);
    if (!info) throw new AppError('NOT_FOUND', `no process with pid ${pid} in the dump`, { pid });
    const live = info.state === 'alive' || info.state === 'stopped';
    const core = await this.procImages.core(pid).catch(() => null);
    const [files, sockets, vmas, environmentVars, fs] = await Promise.all([
      this.files()
        .then((rows) => rows.filter((r) => r.pid === pid))
        .catch(() => []),
      this.sockets()
        .then((rows) => rows.filter((r) => r.pid === pid))
        .catch(() => []),
      live ? this.vmas(pid).catch(() => []) : [],
      live ? environment(this.procImages, pid).catch(() => []) : [],
      live ? this.procImages.fs(pid).catch(() => ({ cwd: null, root: null })) : { cwd: null, root: null },
    ]);
    return {
      ...info,
      environment: environmentVars,
      credentials: core?.credentials ?? null,
      cwd: fs.cwd,
      root: fs.root,
      files,
      sockets,
      vmas,
    };
  }

  /** The argv of one process, read from its memory. */
  cmdline(pid: number): Promise<string[]> {
    return cmdline(this.procImages, pid);
  }

  files(): Promise<FileRow[]> {
    return this.memo.get('files', async () => (await allFiles(this.procImages, await this.processes())).rows);
  }

  /** Socket rows with the buffer sizes checkpointctl shows. */
  socketDetails(): Promise<SocketDetail[]> {
    return this.memo.get('sockets', async () => (await allSockets(this.procImages, await this.processes())).rows);
  }

  sockets(): Promise<SocketRow[]> {
    return this.socketDetails();
  }

  mounts(): Promise<MountRow[]> {
    return this.memo.get('mounts', async () => {
      const rows = specMounts(await this.spec().catch(() => null));
      for (const name of this.store
        .imageNames()
        .filter((n) => /^mountpoints-\d+\.img$/.test(n))
        .sort()) {
        rows.push(...criuMounts((await this.store.decode(name)).entries));
      }
      return rows;
    });
  }

  memoryUsage(): Promise<MemoryUsageRow[]> {
    return this.memo.get('memoryUsage', async () => (await memoryUsage(this.procImages, await this.processes())).rows);
  }

  vmas(pid: number): Promise<Vma[]> {
    return this.memo.get(`vmas:${pid}`, () => vmasOf(this.procImages, pid));
  }

  /** The pagemap reader of one process: memory search reads the pages file through it, not through paged base64. */
  memoryReader(pid: number): Promise<MemoryReaderLike> {
    return this.procImages.memory(pid);
  }

  async readMemory(pid: number, address: number, length: number): Promise<MemoryRange> {
    await this.procImages.task(pid);
    boundedRange(0, length, Number.MAX_SAFE_INTEGER, `memory of ${pid}`);
    if (!Number.isSafeInteger(address) || address < 0 || !Number.isSafeInteger(address + length)) {
      throw new AppError('INVALID_ARGUMENT', `address ${address} is not valid`);
    }
    const read = await (await this.procImages.memory(pid)).read(address, length);
    return { address, data: base64(read.data), present: read.present };
  }

  images(): Promise<CriuImageInfo[]> {
    return this.memo.get('images', () => imageList(this.store));
  }

  decodeImage(name: string, offset: number, limit: number): Promise<DecodedImagePage> {
    return decodePage(this.store, name, offset, limit);
  }

  rootfs(): Promise<RootfsEntry[]> {
    return this.rootfsDiff.entries();
  }

  readRootfsFile(path: string, offset: number, length: number): Promise<BytesPage> {
    return this.rootfsDiff.read(path, offset, length);
  }

  exportRootfsFile(path: string, destination: string): Promise<void> {
    return this.rootfsDiff.export(path, destination);
  }

  async close(): Promise<void> {
    await this.rootfsDiff.close();
    await this.index.close();
  }
}
