/**
 * The pretty forms of `crit decode --pretty` (lib/pycriu/images/pb2dict.py),
 * reproduced exactly so that our JSON and crit's compare equal.
 */
import { OPEN_FLAGS } from './open-flags';

type FlagMap = ReadonlyArray<readonly [string, number]>;

const MMAP_PROT: FlagMap = [
  ['PROT_READ', 0x1],
  ['PROT_WRITE', 0x2],
  ['PROT_EXEC', 0x4],
];

const MMAP_FLAGS: FlagMap = [
  ['MAP_SHARED', 0x1],
  ['MAP_PRIVATE', 0x2],
  ['MAP_DROPPABLE', 0x08],
  ['MAP_ANON', 0x20],
  ['MAP_GROWSDOWN', 0x0100],
];

const MMAP_STATUS: FlagMap = [
  ['VMA_AREA_NONE', 0],
  ['VMA_AREA_REGULAR', 1 << 0],
  ['VMA_AREA_STACK', 1 << 1],
  ['VMA_AREA_VSYSCALL', 1 << 2],
  ['VMA_AREA_VDSO', 1 << 3],
  ['VMA_AREA_HEAP', 1 << 5],
  ['VMA_FILE_PRIVATE', 1 << 6],
  ['VMA_FILE_SHARED', 1 << 7],
  ['VMA_ANON_SHARED', 1 << 8],
  ['VMA_ANON_PRIVATE', 1 << 9],
  ['VMA_AREA_SYSVIPC', 1 << 10],
  ['VMA_AREA_SOCKET', 1 << 11],
  ['VMA_AREA_VVAR', 1 << 12],
  ['VMA_AREA_AIORING', 1 << 13],
  ['VMA_AREA_MEMFD', 1 << 14],
  ['VMA_AREA_SHSTK', 1 << 15],
  ['VMA_AREA_UPROBES', 1 << 17],
  ['VMA_UNSUPP', 2 ** 31],
];

/** crit's names for rfile flags: ours up to O_CLOEXEC, with O_ASYNC under its old name FASYNC. */
const CRIT_LACKS = new Set(['O_SYNC', 'O_PATH', 'O_TMPFILE']);
const RFILE_FLAGS: FlagMap = OPEN_FLAGS.filter(([name]) => !CRIT_LACKS.has(name)).map(([name, bit]) => [
  name === 'O_ASYNC' ? 'FASYNC' : name,
  bit,
]);

const SEALS_FLAGS: FlagMap = [
  ['F_SEAL_SEAL', 0x1],
  ['F_SEAL_SHRINK', 0x2],
  ['F_SEAL_GROW', 0x4],
  ['F_SEAL_WRITE', 0x8],
  ['F_SEAL_FUTURE_WRITE', 0x10],
];

/** Pagemap entry flags (criu/include/pagemap.h). */
export const PE_PARENT = 1 << 0;
export const PE_LAZY = 1 << 1;
export const PE_PRESENT = 1 << 2;

const PMAP_FLAGS: FlagMap = [
  ['PE_PARENT', PE_PARENT],
  ['PE_LAZY', PE_LAZY],
  ['PE_PRESENT', PE_PRESENT],
];

const FLAG_MAPS: Readonly<Record<string, FlagMap>> = {
  'mmap.prot': MMAP_PROT,
  'mmap.flags': MMAP_FLAGS,
  'mmap.status': MMAP_STATUS,
  'rfile.flags': RFILE_FLAGS,
  'pmap.flags': PMAP_FLAGS,
  'seals.flags': SEALS_FLAGS,
};

/** crit's 'dict' option: per map, per field name, value to name. */
const DICT_MAPS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<number, string>>>>>> = {
  gen: { task_state: { 1: 'Alive', 2: 'Dead', 3: 'Stopped', 6: 'Zombie' } },
  sk: {
    family: { 1: 'UNIX', 2: 'INET', 10: 'INET6', 16: 'NETLINK', 17: 'PACKET' },
    type: { 1: 'STREAM', 2: 'DGRAM', 3: 'RAW', 5: 'SEQPACKET', 10: 'PACKET' },
    state: {
      1: 'ESTABLISHED',
      2: 'SYN_SENT',
      3: 'SYN_RECV',
      4: 'FIN_WAIT1',
      5: 'FIN_WAIT2',
      6: 'TIME_WAIT',
      7: 'CLOSE',
      8: 'CLOSE_WAIT',
      9: 'LAST_ACK',
      10: 'LISTEN',
    },
    proto: { 0: 'IP', 6: 'TCP', 17: 'UDP', 136: 'UDPLITE' },
  },
};

/** Python's "0x%x" % value. */
export function hexForm(value: number | bigint): string {
  const n = BigInt(value);
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** pb2dict.map_flags; a map crit does not know prints as hex, as crit does. */
export function flagsForm(value: number | bigint, mapName: string): string {
  const map = FLAG_MAPS[mapName];
  if (map === undefined) return hexForm(value);
  let rest = BigInt(value);
  const names: string[] = [];
  let known = 0n;
  for (const [name, bit] of map) {
    if ((rest & BigInt(bit)) !== 0n) names.push(name);
    known += BigInt(bit);
  }
  rest &= ~known;
  if (rest !== 0n) names.push(hexForm(rest));
  return names.join(' | ');
}

/** pb2dict.decode_dev: the kernel's new dev_t (minor in 20 bits) or glibc's encoding for odev. */
export function devForm(value: number | bigint, old: boolean): string {
  const dev = BigInt(value);
  if (old) {
    // glibc's gnu_dev_major/minor, which truncate to 32 bits.
    const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
    const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
    return `${major}:${minor}`;
  }
  return `${dev >> 20n}:${dev & 0xfffffn}`;
}

/** The name crit's 'dict' option gives a value, or undefined when it has none. */
export function dictForm(value: number | bigint, dictName: string, fieldName: string): string | undefined {
  const names = DICT_MAPS[dictName]?.[fieldName];
  return typeof value === 'number' ? names?.[value] : undefined;
}

function ntohl(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}

function ipv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** Python's ipaddress compression: the first longest run (of two or more) of zero hextets becomes "::". */
function compressHextets(hextets: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  let start = -1;
  let length = 0;
  hextets.forEach((h, i) => {
    if (h === '0') {
      if (start === -1) start = i;
      length++;
      if (length > bestLength) {
        bestLength = length;
        bestStart = start;
      }
    } else {
      start = -1;
      length = 0;
    }
  });
  if (bestLength < 2) return hextets.join(':');
  const head = hextets.slice(0, bestStart).join(':');
  const tail = hextets.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * crit's 'ipadd' option: one word is IPv4, otherwise the first four words are
 * IPv6, each word in network order read as a host (little-endian) integer.
 * Returns undefined for two or three words, where crit itself fails.
 */
export function ipForm(words: readonly number[]): string | undefined {
  if (words.length === 1) return ipv4(ntohl(words[0]!));
  if (words.length < 4) return undefined;
  const host = words.slice(0, 4).map(ntohl);
  const hextets = host.flatMap((w) => [(w >>> 16).toString(16), (w & 0xffff).toString(16)]);
  // Python 3.13+ prints IPv4-mapped addresses (::ffff:a.b.c.d) with the IPv4 part dotted.
  if (host[0] === 0 && host[1] === 0 && host[2] === 0xffff) return `::ffff:${ipv4(host[3]!)}`;
  return compressHextets(hextets);
}
