import { bytesField, type Entry } from './crit-values';

export const TCP_STATES: Readonly<Record<number, string>> = {
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
  11: 'CLOSING',
};

export const FAMILIES: Readonly<Record<number, string>> = {
  1: 'AF_UNIX',
  2: 'AF_INET',
  10: 'AF_INET6',
  16: 'AF_NETLINK',
  17: 'AF_PACKET',
};
export const SOCK_TYPES: Readonly<Record<number, string>> = {
  1: 'STREAM',
  2: 'DGRAM',
  3: 'RAW',
  4: 'RDM',
  5: 'SEQPACKET',
  10: 'PACKET',
};
export const IP_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'IP',
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPV6',
  132: 'SCTP',
  136: 'UDPLITE',
  255: 'RAW',
};
export const NETLINK_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'NETLINK_ROUTE',
  2: 'NETLINK_USERSOCK',
  4: 'NETLINK_SOCK_DIAG',
  5: 'NETLINK_NFLOG',
  6: 'NETLINK_XFRM',
  7: 'NETLINK_SELINUX',
  9: 'NETLINK_AUDIT',
  10: 'NETLINK_FIB_LOOKUP',
  11: 'NETLINK_CONNECTOR',
  12: 'NETLINK_NETFILTER',
  15: 'NETLINK_KOBJECT_UEVENT',
  16: 'NETLINK_GENERIC',
  21: 'NETLINK_CRYPTO',
};

/**
 * An address from sk-inet's repeated uint32 (each word the kernel's bytes
 * read as a little-endian integer, as crit packs them), or crit's pretty string.
 */
export function inetAddress(value: unknown, family: string): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  const words = value.map((v) =>
    typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' ? Number(v) : 0,
  );
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => bytes.writeUInt32LE(w >>> 0, i * 4));
  if (family === 'AF_INET' || words.length === 1) return words.length === 0 ? '' : [...bytes.subarray(0, 4)].join('.');
  return ipv6(bytes.subarray(0, 16));
}

function ipv6(b: Buffer): string {
  if (b.length < 16) return '';
  const isMapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (isMapped) return `::ffff:${[...b.subarray(12, 16)].join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i));
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/** A UNIX socket's name: a path, `@name` for the abstract namespace, '' when unbound. */
export function unixName(usk: Entry | null | undefined): string {
  const raw = bytesField(usk, 'name');
  if (!raw || raw.length === 0) return '';
  if (raw[0] === 0) return `@${Buffer.from(raw.subarray(1)).toString('latin1').replace(/\0+$/, '')}`;
  return Buffer.from(raw).toString('utf8').replace(/\0+$/, '');
}
