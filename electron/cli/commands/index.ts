import type { CliCommand } from '../command';

/** A subcommand, loaded only when run: `--help` and each command start without the others' code. */
export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

/** Every subcommand, by name. Each lives in its own file beside this one. */
export const commands: Record<string, CommandEntry> = {
  show: {
    summary: 'summary table of checkpoint archives (like checkpointctl show)',
    load: async () => (await import('./show')).showCommand,
  },
  inspect: {
    summary: 'what a checkpoint holds: processes, files, sockets, mounts (like checkpointctl inspect)',
    load: async () => (await import('./inspect')).inspectCommand,
  },
  memparse: {
    summary: 'memory per process, a hexdump (--pid), or a memory search (--search...)',
    load: async () => (await import('./memparse')).memparseCommand,
  },
  decode: {
    summary: 'one CRIU image of an archive as JSON (like crit decode --pretty)',
    load: async () => (await import('./decode')).decodeCommand,
  },
  rootfs: {
    summary: 'list the rootfs diff (added/changed/deleted), or print one file of it',
    load: async () => (await import('./rootfs')).rootfsCommand,
  },
  list: {
    summary: 'checkpoint archives in folders (like checkpointctl list)',
    load: async () => (await import('./list')).listCommand,
  },
  findings: {
    summary: 'secrets found in environment, command lines, memory and rootfs diff, masked',
    load: async () => (await import('./findings')).findingsCommand,
  },
  yara: {
    summary: 'YARA rules over the memory of every process, the rootfs diff and recovered files',
    load: async () => (await import('./yara')).yaraCommand,
  },
  diff: {
    summary: 'compare two checkpoints: processes, files, sockets, memory, rootfs, spec, config',
    load: async () => (await import('./diff')).diffCommand,
  },
  timeline: {
    summary: 'every time the archive holds, sorted, with its source (UTC, local, relative to the checkpoint)',
    load: async () => (await import('./timeline')).timelineCommand,
  },
  provenance: {
    summary: 'stats-dump in words, inventory, CRIU and kernel versions, plugin images',
    load: async () => (await import('./provenance')).provenanceCommand,
  },
  report: {
    summary: 'a self-contained HTML or JSON report of an archive (with sha256)',
    load: async () => (await import('./report')).reportCommand,
  },
  hash: {
    summary: 'sha256 of the archive and of every member, as a sha256sum list or JSON',
    load: async () => (await import('./hash')).hashCommand,
  },
  verify: {
    summary: 'hash again and compare with a report or a sha256sum list (exit 1 on any difference)',
    load: async () => (await import('./verify')).verifyCommand,
  },
  security: {
    summary: 'credentials, capabilities, seccomp filter decoded per syscall, namespaces, LSM, beside the spec',
    load: async () => (await import('./security')).securityCommand,
  },
  recovered: {
    summary: 'files deleted while open, memfds, unread pipe/tty/socket/TCP bytes; --save writes them out',
    load: async () => (await import('./recovered')).recoveredCommand,
  },
  custody: {
    summary: 'the custody log: which archives were opened, hashed, verified, exported, when and by whom',
    load: async () => (await import('./custody')).custodyCommand,
  },
  containers: {
    summary: "list containerd's containers (all namespaces)",
    load: async () => (await import('./containers')).containersCommand,
  },
  images: {
    summary: "checkpoint images in containerd's image store; --save writes one as an archive",
    load: async () => (await import('./images')).imagesCommand,
  },
  checkpoint: {
    summary: 'checkpoint a running container into an archive',
    load: async () => (await import('./checkpoint')).checkpointCommand,
  },
  build: {
    summary: 'make a checkpoint OCI image of an archive with buildah (like checkpointctl build)',
    load: async () => (await import('./build')).buildCommand,
  },
  coredump: {
    summary: 'ELF core files of processes for gdb (like criu-coredump)',
    load: async () => (await import('./coredump')).coredumpCommand,
  },
  plugin: {
    summary: 'list checkpointctl-NAME plugins on PATH (run one as `checkpoint-inspector NAME`)',
    load: async () => (await import('./plugin')).pluginCommand,
  },
  serve: {
    summary: 'serve the app to a browser on 127.0.0.1 (token protected)',
    load: async () => (await import('./serve')).serveCommand,
  },
};
