import { basename } from 'node:path';
import type {
  ArchiveSummary,
  CriuImageInfo,
  DecodedImagePage,
  FileRow,
  MemberInfo,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProblemInfo,
  ProcessDetail,
  ProcessInfo,
  RootfsEntry,
  SocketRow,
  View,
  Vma,
} from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { uniqueProblems } from '../../shared/problems';
import { byPid } from './by-pid';
import { boundedRange } from './bounds';
import { containerFacts, type ContainerFacts } from './container-facts';
import { Memo } from './memo';
import { buildOverview } from './overview-view';
import { detectEngine } from './engine';
import { requireCheckpointArchive } from './checkpoint-markers';
import { ImageStore } from './image-store';
import { imageList, decodePage } from './image-views';
import { CRIO_LOG_MEMBER } from './layout-members';
import { memberInfo } from './member-info';
import { criuMounts, specMounts } from './mounts';
import type { ArchiveIndexLike, InspectDeps, SharedFileLike, TarMemberLike } from './ports';
import type { MemoryRegions } from './search/memory-source';
import { memoryRegions } from './search/memory-regions';
import { prepareCoreFile, type CoreFile } from './coredump/core-file';
import { openParentArchive, parentImages, type ParentArchive } from './parent-archive';
import { problemOf, ProcessImages } from './process-images';
import {
  allFiles,
  allSockets,
  cmdline,
  environment,
  memoryUsage,
  processList,
  type ProcessList,
} from './process-views';
import { RootfsDiff } from './rootfs-view';
import type { ByteRange, InspectSession, MemoryBytes, OpenOptions } from './session';
import type { SocketDetail } from './sockets';

const LOG_MEMBERS = ['dump.log', 'container.log', 'ctr.log', CRIO_LOG_MEMBER];

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
    private readonly parentIndex: ParentArchive<M> | null = null,
  ) {
    this.store = new ImageStore(index, deps);
    this.procImages = new ProcessImages(this.store, parentImages(this.store, index, parentIndex, deps));
    this.rootfsDiff = new RootfsDiff(index, this.store, deps, cacheDir);
  }

  static async open<M extends TarMemberLike>(
    path: string,
    deps: InspectDeps<M>,
    opts: OpenOptions,
  ): Promise<ArchiveSession<M>> {
    const index = await deps.openArchive(path, {
      cacheDir: opts.cacheDir,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.madeFrom ? { madeFrom: opts.madeFrom } : {}),
    });
    let parent: ParentArchive<M> | null = null;
    try {
      if (opts.parentPath !== undefined) parent = await openParentArchive(opts.parentPath, deps, opts);
      requireCheckpointArchive(index.members.map((m) => m.name));
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
      // Every engine writes both; without one, the container's name, image, engine or mounts are unknown.
      // A bare CRIU images folder has neither by nature: its overview says that layout instead.
      for (const name of index.layout === 'criu-folder' ? [] : ['config.dump', 'spec.dump']) {
        if (!index.get(name))
          warnings.push({ where: name, code: 'NOT_FOUND', message: `${name} is not in the archive` });
      }
      if (!index.get('checkpoint') && !index.members.some((m) => m.name.startsWith('checkpoint/'))) {
        warnings.push({
          where: 'checkpoint/',
          code: 'ARCHIVE_UNSUPPORTED',
          message: 'no checkpoint/ folder: this is not a checkpoint archive',
        });
      }
      const fileName = basename(path);
      const engine = detectEngine({ memberNames: new Set(index.members.map((m) => m.name)), spec, config, fileName });
      const facts = { ...containerFacts(engine, config, spec, network, fileName), engine };
      const session = new ArchiveSession(opts.archiveId, path, index, deps, opts.cacheDir, facts, warnings, parent);
      // The nested rootfs index's problems (a name stored twice...) are the archive's, listed from the start.
      warnings.push(...(await session.rootfsDiff.problems()));
      return session;
    } catch (error) {
      await index.close();
      await parent?.index.close();
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
      checkpointImage: this.index.checkpointImage ?? null,
      warnings: [...this.openWarnings],
      parent: this.procImages.parent?.label ?? null,
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

  async readMember(name: string, offset: number, length: number): Promise<ByteRange> {
    const member = this.index.get(name);
    if (!member || member.type !== 'file')
      throw new AppError('NOT_FOUND', `${name} is not a file in the archive`, { member: name });
    const n = boundedRange(offset, length, member.size, name);
    return { offset, data: await this.index.read(member, offset, n), total: member.size };
  }

  /** Of the file opened at open time (the index's descriptor), not of whatever the path names now. */
  sha256(signal?: AbortSignal, onBytes?: (bytesDone: number) => void): Promise<string> {
    return this.index.sha256(signal, onBytes);
  }

  async sourceIdentity(): Promise<{ dev: string; ino: string; size: number; mtimeNs: string; ctimeNs: string } | null> {
    return (await this.index.sourceIdentity?.()) ?? null;
  }

  config(): Promise<unknown> {
    return this.store.readJson('config.dump');
  }

  spec(): Promise<unknown> {
    return this.store.readJson('spec.dump');
  }

  async log(offset: number, length: number): Promise<ByteRange> {
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

  /** The process list with the problems of the pstree and cores it read. */
  async processView(): Promise<View<ProcessInfo>> {
    const list = await this.processList();
    return { rows: list.processes, problems: list.problems };
  }

  /** The environment of one process, read from its memory; throws naming the member when it cannot be read. */
  environment(pid: number): Promise<ProcessDetail['environment']> {
    return environment(this.procImages, pid);
  }

  /** cwd and root of one process (fs-PID.img); throws naming the member when it cannot be read. */
  fsOf(pid: number): Promise<{ cwd: string | null; root: string | null }> {
    return this.procImages.fs(pid);
  }

  /** One process in detail; each part that could not be read is a problem beside the others, never an empty value. */
  async process(pid: number): Promise<ProcessDetail> {
    const info = byPid(await this.processes()).get(pid)?.[0];
    if (!info) throw new AppError('NOT_FOUND', `no process with pid ${pid} in the dump`, { pid });
    const live = info.state === 'alive' || info.state === 'stopped';
    const problems: ProblemInfo[] = [];
    const part = async <T>(where: string, read: () => Promise<T>, unread: T): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        problems.push(problemOf(error, where, pid));
        return unread;
      }
    };
    const mine = <T extends { pid: number }>(view: View<T>): T[] => {
      problems.push(...(byPid(view.problems).get(pid) ?? []));
      return [...(byPid(view.rows).get(pid) ?? [])];
    };
    const noFs = { cwd: null, root: null };
    const core = await part(`checkpoint/core-${pid}.img`, () => this.procImages.core(pid), null);
    const [files, sockets, vmas, environmentVars, fs] = await Promise.all([
      part('checkpoint/files.img', async () => mine(await this.files()), []),
      part('checkpoint/files.img', async () => mine(await this.sockets()), []),
      live
        ? part(
            `checkpoint/mm-${pid}.img`,
            async () => {
              const list = await this.procImages.vmaList(pid);
              problems.push(...list.problems);
              return list.rows;
            },
            [],
          )
        : [],
      live ? part(`checkpoint/mm-${pid}.img`, () => environment(this.procImages, pid), []) : [],
      live ? part(`checkpoint/fs-${pid}.img`, () => this.procImages.fs(pid), noFs) : noFs,
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
      problems: uniqueProblems(problems),
    };
  }

  /** The argv of one process, read from its memory. */
  cmdline(pid: number): Promise<string[]> {
    return cmdline(this.procImages, pid);
  }

  files(): Promise<View<FileRow>> {
    return this.memo.get('files', async () => allFiles(this.procImages, await this.processes()));
  }

  /** Socket rows with the buffer sizes checkpointctl shows. */
  socketDetails(): Promise<View<SocketDetail>> {
    return this.memo.get('sockets', async () => allSockets(this.procImages, await this.processes()));
  }

  sockets(): Promise<View<SocketRow>> {
    return this.socketDetails();
  }

  /** The spec's mounts and each mount namespace's; one unreadable image is a problem, the others still listed. */
  mounts(): Promise<View<MountRow>> {
    return this.memo.get('mounts', async () => {
      const problems: ProblemInfo[] = [];
      const spec = await this.spec().catch((error: unknown) => {
        problems.push(problemOf(error, 'spec.dump'));
        return null;
      });
      const rows = specMounts(spec);
      for (const name of this.store
        .imageNames()
        .filter((n) => /^mountpoints-\d+\.img$/.test(n))
        .sort()) {
        try {
          rows.push(...criuMounts((await this.store.decode(name)).entries));
        } catch (error) {
          problems.push(problemOf(error, this.store.memberName(name)));
        }
      }
      return { rows, problems };
    });
  }

  memoryUsage(): Promise<View<MemoryUsageRow>> {
    return this.memo.get('memoryUsage', async () => memoryUsage(this.procImages, await this.processes()));
  }

  vmas(pid: number): Promise<Vma[]> {
    // vmaList is cached by the process images; its rows are the bare list.
    return this.procImages.vmaList(pid).then((list) => list.rows);
  }

  /** Memory search reads the pages file through these, not through paged reads. */
  memoryRegions(pid: number): Promise<MemoryRegions> {
    return memoryRegions(this.index, this.store, this.procImages, pid);
  }

  coreFile(pid: number): Promise<CoreFile> {
    return prepareCoreFile(this.procImages, pid);
  }

  async readMemory(pid: number, address: number, length: number): Promise<MemoryBytes> {
    await this.procImages.task(pid);
    boundedRange(0, length, Number.MAX_SAFE_INTEGER, `memory of ${pid}`);
    if (!Number.isSafeInteger(address) || address < 0 || !Number.isSafeInteger(address + length)) {
      throw new AppError('INVALID_ARGUMENT', `address ${address} is not valid`);
    }
    const read = await (await this.procImages.memory(pid)).read(address, length);
    return {
      address,
      data: Buffer.from(read.data.buffer, read.data.byteOffset, read.data.byteLength),
      present: read.present,
    };
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

  readRootfsFile(path: string, offset: number, length: number): Promise<ByteRange> {
    return this.rootfsDiff.read(path, offset, length);
  }

  exportRootfsFile(path: string, destination: string): Promise<void> {
    return this.rootfsDiff.export(path, destination);
  }

  async reopenIndexed(): Promise<SharedFileLike | null> {
    return this.index.reopen ? this.index.reopen() : null;
  }

  async close(): Promise<void> {
    await this.rootfsDiff.close();
    await this.index.close();
    await this.parentIndex?.index.close();
  }
}
