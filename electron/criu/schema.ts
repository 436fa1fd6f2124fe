/**
 * The CRIU image schemas, written from CRIU's images/*.proto (field names,
 * numbers and crit's `(criu).*` field options are facts of the format). All
 * files share one root: CRIU's messages live in one flat namespace.
 */
import protobuf from 'protobufjs';
import apparmor from './proto/apparmor.proto?raw';
import autofs from './proto/autofs.proto?raw';
import binfmtMisc from './proto/binfmt-misc.proto?raw';
import bpfmapData from './proto/bpfmap-data.proto?raw';
import bpfmapFile from './proto/bpfmap-file.proto?raw';
import cgroup from './proto/cgroup.proto?raw';
import coreAarch64 from './proto/core-aarch64.proto?raw';
import coreArm from './proto/core-arm.proto?raw';
import coreLoongarch64 from './proto/core-loongarch64.proto?raw';
import coreMips from './proto/core-mips.proto?raw';
import corePpc64 from './proto/core-ppc64.proto?raw';
import coreRiscv64 from './proto/core-riscv64.proto?raw';
import coreS390 from './proto/core-s390.proto?raw';
import coreX86 from './proto/core-x86.proto?raw';
import core from './proto/core.proto?raw';
import cpuinfo from './proto/cpuinfo.proto?raw';
import creds from './proto/creds.proto?raw';
import eventfd from './proto/eventfd.proto?raw';
import eventpoll from './proto/eventpoll.proto?raw';
import extFile from './proto/ext-file.proto?raw';
import fdinfo from './proto/fdinfo.proto?raw';
import fh from './proto/fh.proto?raw';
import fifo from './proto/fifo.proto?raw';
import fileLock from './proto/file-lock.proto?raw';
import fown from './proto/fown.proto?raw';
import fs from './proto/fs.proto?raw';
import fsnotify from './proto/fsnotify.proto?raw';
import ghostFile from './proto/ghost-file.proto?raw';
import inventory from './proto/inventory.proto?raw';
import ipcDesc from './proto/ipc-desc.proto?raw';
import ipcMsg from './proto/ipc-msg.proto?raw';
import ipcSem from './proto/ipc-sem.proto?raw';
import ipcShm from './proto/ipc-shm.proto?raw';
import ipcVar from './proto/ipc-var.proto?raw';
import macvlan from './proto/macvlan.proto?raw';
import memfd from './proto/memfd.proto?raw';
import mm from './proto/mm.proto?raw';
import mnt from './proto/mnt.proto?raw';
import netdev from './proto/netdev.proto?raw';
import ns from './proto/ns.proto?raw';
import packetSock from './proto/packet-sock.proto?raw';
import pagemap from './proto/pagemap.proto?raw';
import pidfd from './proto/pidfd.proto?raw';
import pidns from './proto/pidns.proto?raw';
import pipeData from './proto/pipe-data.proto?raw';
import pipe from './proto/pipe.proto?raw';
import pstree from './proto/pstree.proto?raw';
import regfile from './proto/regfile.proto?raw';
import remapFilePath from './proto/remap-file-path.proto?raw';
import rlimit from './proto/rlimit.proto?raw';
import rseq from './proto/rseq.proto?raw';
import sa from './proto/sa.proto?raw';
import seccomp from './proto/seccomp.proto?raw';
import siginfo from './proto/siginfo.proto?raw';
import signalfd from './proto/signalfd.proto?raw';
import sit from './proto/sit.proto?raw';
import skInet from './proto/sk-inet.proto?raw';
import skNetlink from './proto/sk-netlink.proto?raw';
import skOpts from './proto/sk-opts.proto?raw';
import skPacket from './proto/sk-packet.proto?raw';
import skUnix from './proto/sk-unix.proto?raw';
import stats from './proto/stats.proto?raw';
import sysctl from './proto/sysctl.proto?raw';
import tcpStream from './proto/tcp-stream.proto?raw';
import time from './proto/time.proto?raw';
import timens from './proto/timens.proto?raw';
import timer from './proto/timer.proto?raw';
import timerfd from './proto/timerfd.proto?raw';
import tty from './proto/tty.proto?raw';
import tun from './proto/tun.proto?raw';
import userns from './proto/userns.proto?raw';
import utsns from './proto/utsns.proto?raw';
import vma from './proto/vma.proto?raw';

const SOURCES: readonly string[] = [
  apparmor,
  autofs,
  binfmtMisc,
  bpfmapData,
  bpfmapFile,
  cgroup,
  coreAarch64,
  coreArm,
  coreLoongarch64,
  coreMips,
  corePpc64,
  coreRiscv64,
  coreS390,
  coreX86,
  core,
  cpuinfo,
  creds,
  eventfd,
  eventpoll,
  extFile,
  fdinfo,
  fh,
  fifo,
  fileLock,
  fown,
  fs,
  fsnotify,
  ghostFile,
  inventory,
  ipcDesc,
  ipcMsg,
  ipcSem,
  ipcShm,
  ipcVar,
  macvlan,
  memfd,
  mm,
  mnt,
  netdev,
  ns,
  packetSock,
  pagemap,
  pidfd,
  pidns,
  pipeData,
  pipe,
  pstree,
  regfile,
  remapFilePath,
  rlimit,
  rseq,
  sa,
  seccomp,
  siginfo,
  signalfd,
  sit,
  skInet,
  skNetlink,
  skOpts,
  skPacket,
  skUnix,
  stats,
  sysctl,
  tcpStream,
  time,
  timens,
  timer,
  timerfd,
  tty,
  tun,
  userns,
  utsns,
  vma,
];

let root: protobuf.Root | undefined;

/** The schema root, parsed once on first use. */
export function criuRoot(): protobuf.Root {
  if (root === undefined) {
    const built = new protobuf.Root();
    for (const text of SOURCES) protobuf.parse(text, built, { keepCase: true });
    built.resolveAll();
    root = built;
  }
  return root;
}

/** A message type of the schema by its CRIU name (e.g. `pstree_entry`). */
export function messageType(name: string): protobuf.Type {
  return criuRoot().lookupType(name);
}
