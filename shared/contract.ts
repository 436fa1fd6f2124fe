import { z } from 'zod';
import type { YaraReport } from './dto/yara';
import { SEARCH_CONTEXT_BYTES } from './defaults';
import * as s from './schemas';
import type {
  AppInfo,
  ArchiveSummary,
  BytesPage,
  CheckpointImageList,
  CheckpointNotice,
  CheckpointPlan,
  ContainerDetails,
  ConnectionStatus,
  ContainerInfo,
  CriuImageInfo,
  DecodedImagePage,
  FileRow,
  JobInfo,
  MemberInfo,
  MemoryRange,
  SavedMemoryRange,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProcessDetail,
  ProcessInfo,
  RecentArchive,
  RootfsEntry,
  Settings,
  SocketRow,
  View,
  Vma,
} from './dto';
import type { ArchiveDiff, FindingsReport, StringsPage } from './dto';
import type { ProblemInfo } from './dto';
import type { Provenance, Timeline } from './dto';
import type { SecurityReport } from './dto';
import type { RecoveredItem, RecoveredSearch } from './dto';

import type { CustodyLog, IntegrityHashes, VerifyResult } from './dto/integrity';
/** A channel: its argument schema and (at type level only) its result. */
export interface Channel<A extends z.ZodType, R> {
  readonly args: A;
  /** Served only where checkpointing is allowed (Electron, or `serve --allow-checkpoint`). */
  readonly checkpoint: boolean;
  /** Phantom: never set, carries the result type. */
  readonly result?: R;
}

function channel<R>() {
  return <A extends z.ZodType>(args: A, opts: { checkpoint?: boolean } = {}): Channel<A, R> => ({
    args,
    checkpoint: opts.checkpoint ?? false,
  });
}

/**
 * The one map from channel name to (args) => Promise<result>, served by
 * Electron IPC, the browser host and called directly by tests.
 */
export const contract = {
  'app.info': channel<AppInfo>()(s.none),
  'settings.get': channel<Settings>()(s.none),
  'settings.update': channel<Settings>()(s.settingsPatch),

  'archive.list': channel<ArchiveSummary[]>()(s.none),
  'archive.recent': channel<RecentArchive[]>()(s.none),
  'archive.openSample': channel<ArchiveSummary>()(s.none),
  'archive.openRecent': channel<ArchiveSummary>()(z.object({ key: z.string().min(1).max(128) }).strict()),
  /** Native dialog (Electron) for an archive file, or with folder: an unpacked checkpoint or CRIU images folder; null when cancelled. UNSUPPORTED in the browser host. */
  'archive.openDialog': channel<ArchiveSummary | null>()(z.object({ folder: z.boolean().default(false) }).strict()),
  /** Opens an incremental checkpoint again with an open archive as its parent; the old id is closed. */
  'archive.openWithParent': channel<ArchiveSummary>()(
    z.object({ archiveId: s.archiveId, parentArchiveId: s.archiveId }).strict(),
  ),
  'archive.close': channel<null>()(s.withArchive),
  'archive.overview': channel<Overview>()(s.withArchive),
  'archive.members': channel<MemberInfo[]>()(s.withArchive),
  'archive.readMember': channel<BytesPage>()(
    z.object({ archiveId: s.archiveId, name: s.memberName, offset: s.offset, length: s.length }).strict(),
  ),
  'archive.sha256': channel<string>()(s.withArchive),
  'archive.config': channel<unknown>()(s.withArchive),
  /** sha256 of the archive and of each member, as a job (cached by the file's device, inode, size and mtime). */
  'integrity.hashes': channel<IntegrityHashes>()(s.withArchive),
  /** Hash again and compare with the text of a JSON report or a sha256sum list the user chose. */
  'integrity.verify': channel<VerifyResult>()(s.verifyReference),
  /** The custody log of this account (the newest entries, every broken line). */
  'custody.list': channel<CustodyLog>()(s.none),
  'archive.spec': channel<unknown>()(s.withArchive),
  'archive.log': channel<BytesPage>()(
    z.object({ archiveId: s.archiveId, offset: s.offset, length: s.length }).strict(),
  ),

  'inspect.processes': channel<ProcessInfo[]>()(s.withArchive),
  'inspect.process': channel<ProcessDetail>()(z.object({ archiveId: s.archiveId, pid: s.pid }).strict()),
  'inspect.files': channel<View<FileRow>>()(s.withArchive),
  'inspect.sockets': channel<View<SocketRow>>()(s.withArchive),
  'inspect.mounts': channel<View<MountRow>>()(s.withArchive),
  /** Every time the archive holds, sorted, each with its member and field (electron/inspect/timeline). */
  'inspect.timeline': channel<Timeline>()(s.withArchive),
  /** Credentials, cap sets, seccomp decoded per syscall, namespaces, cgroups, LSM, beside the spec; pid null: every process. */
  'inspect.security': channel<SecurityReport>()(z.object({ archiveId: s.archiveId, pid: s.pid.nullable() }).strict()),
  /** stats-dump in words, inventory, CRIU and kernel versions, plugin images. */
  'inspect.provenance': channel<Provenance>()(s.withArchive),
  'inspect.memoryUsage': channel<View<MemoryUsageRow>>()(s.withArchive),
  /** Files deleted while open, memfds, unread pipe/FIFO/tty bytes, socket and TCP queues (electron/inspect/recovered). */
  'inspect.recovered': channel<View<RecoveredItem>>()(s.withArchive),
  'inspect.readRecovered': channel<BytesPage>()(s.recoveredRead),
  'inspect.searchRecovered': channel<RecoveredSearch>()(s.recoveredSearch),
  /** A save dialog, then the item written there (hosts without one read it with inspect.readRecovered). */
  'inspect.saveRecovered': channel<{ saved: boolean }>()(s.recoveredItem),
  /** `filter`: VMA filter words (`prot=rw`, `type=heap,stack`, `file=*libc*`, `range=A-B`), all must hold. */
  'inspect.vmas': channel<Vma[]>()(
    z.object({ archiveId: s.archiveId, pid: s.pid, filter: s.vmaFilter.optional() }).strict(),
  ),
  /** Save dialog (Electron) and a raw file of [start, end); refused, nothing written, when a byte is not in the checkpoint. The browser host downloads MEMORY_DOWNLOAD_PATH instead. */
  'inspect.saveMemoryRange': channel<SavedMemoryRange>()(s.memoryRange),
  /** Whether [start, end) is all in the checkpoint (what a save or download of it would hold), else a NOT_FOUND naming what is not. */
  'inspect.checkMemoryRange': channel<SavedMemoryRange>()(s.memoryRange),
  'inspect.readMemory': channel<MemoryRange>()(
    z.object({ archiveId: s.archiveId, pid: s.pid, address: s.address, length: s.length }).strict(),
  ),
  'inspect.images': channel<CriuImageInfo[]>()(s.withArchive),
  'inspect.decodeImage': channel<DecodedImagePage>()(
    z
      .object({
        archiveId: s.archiveId,
        name: s.memberName,
        offset: s.offset.default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  'inspect.rootfs': channel<RootfsEntry[]>()(s.withArchive),
  'inspect.readRootfsFile': channel<BytesPage>()(
    z.object({ archiveId: s.archiveId, path: s.memberName, offset: s.offset, length: s.length }).strict(),
  ),
  /** Save dialog (Electron); the browser host downloads over HTTP instead. */
  'inspect.saveRootfsFile': channel<{ saved: boolean }>()(
    z.object({ archiveId: s.archiveId, path: s.memberName }).strict(),
  ),

  'containerd.status': channel<ConnectionStatus>()(s.none),
  'containerd.connect': channel<ConnectionStatus>()(z.object({ socketPath: s.socketPath.optional() }).strict()),
  'containerd.containers': channel<ContainerInfo[]>()(
    z.object({ namespaces: z.array(s.namespace).max(256).optional() }).strict(),
  ),

  /** The checkpoint images of containerd's image store (ctr container checkpoint, and imported OCI checkpoint images). */
  'containerd.checkpointImages': channel<CheckpointImageList>()(
    z.object({ namespaces: z.array(s.namespace).max(256).optional() }).strict(),
  ),
  /** Opens a checkpoint image of containerd's store as an archive (made in the cache; a job like every open). */
  'archive.openCheckpointImage': channel<ArchiveSummary>()(
    z.object({ namespace: s.namespace, name: s.imageName }).strict(),
  ),

  /** The details drawer: mounts, annotations, cgroup and namespaces from the container's OCI spec. */
  'containerd.containerDetails': channel<ContainerDetails>()(
    z.object({ namespace: s.namespace, containerId: s.containerId }).strict(),
  ),

  'checkpoint.start': channel<{ jobId: string; outputPath: string }>()(s.checkpointStart, { checkpoint: true }),
  /** Before a start: the folder's state, whether containerd sees it, the path a checkpoint would take (nothing is changed). */
  'checkpoint.plan': channel<CheckpointPlan>()(s.checkpointPlan, { checkpoint: true }),
  /** Makes a missing output folder (mode 0700, with its missing parents); CONFLICT when something not a folder is there. */
  'checkpoint.createFolder': channel<{ folder: string; created: boolean }>()(s.checkpointFolder, { checkpoint: true }),
  /** Resumes a paused container (one a checkpoint had to leave paused, or paused by anyone). */
  'containers.resume': channel<{ resumed: boolean }>()(
    z.object({ namespace: s.namespace, containerId: s.containerId }).strict(),
    { checkpoint: true },
  ),
  /** What this host did at its start about checkpoints a killed process of ours left unfinished. */
  'checkpoint.notices': channel<CheckpointNotice[]>()(s.none),

  /** Memory search as a job: matches stream as `search.results`, progress as `job.progress`, cancel with `job.cancel`. */
  'search.start': channel<{ jobId: string }>()(
    z
      .object({
        archiveId: s.archiveId,
        pid: s.pid.optional(),
        kind: z.enum(['text', 'hex', 'regex']),
        query: z.string().min(1).max(4096),
        ignoreCase: z.boolean().default(false),
        utf16: z.boolean().default(false),
        context: z.number().int().min(0).max(4096).default(SEARCH_CONTEXT_BYTES),
        maxMatches: z.number().int().min(1).max(100_000).default(10_000),
        /** Further patterns searched in the same pass; each hit's `pattern` says which (0 = kind/query). */
        also: z
          .array(z.object({ kind: z.enum(['text', 'hex', 'regex']), query: z.string().min(1).max(4096) }).strict())
          .max(15)
          .optional(),
        filter: s.vmaFilter.optional(),
      })
      .strict(),
  ),
  /** Printable runs of at least minLength characters, paged by address (`next`). */
  'inspect.strings': channel<StringsPage>()(
    z
      .object({
        archiveId: s.archiveId,
        pid: s.pid,
        from: s.address,
        to: s.address.optional(),
        minLength: z.number().int().min(1).max(256).default(4),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
  ),
  /** Secret findings (masked); `memory: false` skips the memory scan. */
  'inspect.findings': channel<FindingsReport>()(
    z.object({ archiveId: s.archiveId, memory: z.boolean().default(true) }).strict(),
  ),
  /** The unmasked value of one finding, on demand. */
  'inspect.revealFinding': channel<{ value: string }>()(
    z.object({ archiveId: s.archiveId, findingId: z.string().min(1).max(128) }).strict(),
  ),
  'diff.compare': channel<ArchiveDiff>()(z.object({ archiveIdA: s.archiveId, archiveIdB: s.archiveId }).strict()),
  /** Save dialog (Electron); the browser host will download over HTTP instead. */
  'report.export': channel<{ saved: boolean }>()(
    z.object({ archiveId: s.archiveId, format: z.enum(['html', 'json']).default('html') }).strict(),
  ),
  /** The report as text, for hosts without a save dialog (the browser host downloads it). */
  'report.render': channel<{ fileName: string; mime: string; text: string }>()(
    z.object({ archiveId: s.archiveId, format: z.enum(['html', 'json']).default('html') }).strict(),
  ),
  /** An ELF core file of one process: save dialog, then a 'coredump' job (Electron). The browser host downloads COREDUMP_DOWNLOAD_PATH instead. */
  'coredump.save': channel<{ saved: boolean; problems: ProblemInfo[] }>()(
    z.object({ archiveId: s.archiveId, pid: s.pid }).strict(),
  ),

  /** YARA over an archive's memory, rootfs diff and recovered files, as a 'yara' job (cancel with job.cancel). */
  'yara.scan': channel<YaraReport>()(
    z
      .object({
        archiveId: s.archiveId,
        bundled: z.boolean().default(true),
        files: z
          .array(z.object({ name: z.string().min(1).max(4096), text: z.string().max(4 * 1024 * 1024) }).strict())
          .max(1000)
          .default([]),
      })
      .strict(),
  ),

  'job.list': channel<JobInfo[]>()(s.none),
  'job.cancel': channel<null>()(z.object({ jobId: s.jobId }).strict()),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
/** What a caller passes (defaults may be omitted). */
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
/** What a handler receives (validated, defaults filled in). */
export type ParsedArgsOf<C extends ChannelName> = z.output<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer R> ? R : never;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
