/**
 * Which message each image type holds, and which images carry a payload after
 * an entry (crit's images.py handlers). SIGNAL, PIDFD and BINFMT_MISC have no
 * crit handler; we decode them with the message CRIU writes there.
 */
export type ExtraKind = 'pipe-data' | 'sk-queue' | 'tcp-stream' | 'bpfmap-data' | 'ipc-shm' | 'ipc-sem' | 'ipc-msg';

export interface ImageHandler {
  readonly message: string;
  readonly extra?: ExtraKind;
  /** pagemap: a pagemap_head, then pagemap_entry; ghost-file: see decode-image. */
  readonly special?: 'pagemap' | 'ghost-file';
}

const plain = (message: string): ImageHandler => ({ message });

export const IMAGE_HANDLERS: Readonly<Record<string, ImageHandler>> = {
  INVENTORY: plain('inventory_entry'),
  CORE: plain('core_entry'),
  IDS: plain('task_kobj_ids_entry'),
  CREDS: plain('creds_entry'),
  UTSNS: plain('utsns_entry'),
  TIMENS: plain('timens_entry'),
  PIDNS: plain('pidns_entry'),
  IPC_VAR: plain('ipc_var_entry'),
  FS: plain('fs_entry'),
  GHOST_FILE: { message: 'ghost_file_entry', special: 'ghost-file' },
  MM: plain('mm_entry'),
  CGROUP: plain('cgroup_entry'),
  TCP_STREAM: { message: 'tcp_stream_entry', extra: 'tcp-stream' },
  STATS: plain('stats_entry'),
  PAGEMAP: { message: 'pagemap_entry', special: 'pagemap' },
  PSTREE: plain('pstree_entry'),
  REG_FILES: plain('reg_file_entry'),
  NS_FILES: plain('ns_file_entry'),
  EVENTFD_FILE: plain('eventfd_file_entry'),
  EVENTPOLL_FILE: plain('eventpoll_file_entry'),
  EVENTPOLL_TFD: plain('eventpoll_tfd_entry'),
  SIGNALFD: plain('signalfd_entry'),
  TIMERFD: plain('timerfd_entry'),
  INOTIFY_FILE: plain('inotify_file_entry'),
  INOTIFY_WD: plain('inotify_wd_entry'),
  FANOTIFY_FILE: plain('fanotify_file_entry'),
  FANOTIFY_MARK: plain('fanotify_mark_entry'),
  VMAS: plain('vma_entry'),
  PIPES: plain('pipe_entry'),
  FIFO: plain('fifo_entry'),
  SIGACT: plain('sa_entry'),
  NETLINK_SK: plain('netlink_sk_entry'),
  REMAP_FPATH: plain('remap_file_path_entry'),
  MNTS: plain('mnt_entry'),
  TTY_FILES: plain('tty_file_entry'),
  TTY_INFO: plain('tty_info_entry'),
  TTY_DATA: plain('tty_data_entry'),
  RLIMIT: plain('rlimit_entry'),
  TUNFILE: plain('tunfile_entry'),
  EXT_FILES: plain('ext_file_entry'),
  IRMAP_CACHE: plain('irmap_cache_entry'),
  FILE_LOCKS: plain('file_lock_entry'),
  FDINFO: plain('fdinfo_entry'),
  UNIXSK: plain('unix_sk_entry'),
  INETSK: plain('inet_sk_entry'),
  PACKETSK: plain('packet_sock_entry'),
  ITIMERS: plain('itimer_entry'),
  POSIX_TIMERS: plain('posix_timer_entry'),
  NETDEV: plain('net_device_entry'),
  PIPES_DATA: { message: 'pipe_data_entry', extra: 'pipe-data' },
  FIFO_DATA: { message: 'pipe_data_entry', extra: 'pipe-data' },
  SK_QUEUES: { message: 'sk_packet_entry', extra: 'sk-queue' },
  IPCNS_SHM: { message: 'ipc_shm_entry', extra: 'ipc-shm' },
  IPCNS_SEM: { message: 'ipc_sem_entry', extra: 'ipc-sem' },
  IPCNS_MSG: { message: 'ipc_msg_entry', extra: 'ipc-msg' },
  NETNS: plain('netns_entry'),
  USERNS: plain('userns_entry'),
  SECCOMP: plain('seccomp_entry'),
  AUTOFS: plain('autofs_entry'),
  FILES: plain('file_entry'),
  CPUINFO: plain('cpuinfo_entry'),
  MEMFD_INODE: plain('memfd_inode_entry'),
  BPFMAP_FILE: plain('bpfmap_file_entry'),
  BPFMAP_DATA: { message: 'bpfmap_data_entry', extra: 'bpfmap-data' },
  APPARMOR: plain('apparmor_entry'),
  SIGNAL: plain('siginfo_entry'),
  PIDFD: plain('pidfd_entry'),
  BINFMT_MISC: plain('binfmt_misc_entry'),
};
