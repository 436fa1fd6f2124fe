// Pairs of archives for the diff tests, made from the fixture's real CRIU
// images: two checkpoints of one container with known changes between them
// (as checkpointctl's test-imgs-diff: sockets that only A or only B has, one
// shared), and archives with no CRIU images at all (checkpointctl's
// data/config.dump + data/spec.dump + an empty checkpoint/ folder).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointTar } from '../../hostile/criu-cases';
import { fixtureImages, rawEntries, reencode } from '../../hostile/fixture-images';
import { entry, file, tar } from '../../hostile/tar-writer';

type Raw = Record<string, unknown>;

/** 127.0.0.1 as CRIU stores it (a big-endian address read as one little-endian u32). */
const LOOPBACK = 0x0100007f;

/** An IPv4 socket entry of files.img, shaped like the fixture's listening socket. */
function inetSocket(id: number, kind: 'tcp' | 'udp', srcPort: number, dstPort: number): Raw {
  const listen = rawEntries('files.img').find((e) => e.isk) as { isk: Raw };
  return {
    type: 'INETSK',
    id,
    isk: {
      ...listen.isk,
      id,
      ino: 90000 + id,
      family: 2,
      type: kind === 'tcp' ? 1 : 2,
      proto: kind === 'tcp' ? 6 : 17,
      state: 1,
      src_port: srcPort,
      dst_port: dstPort,
      src_addr: [LOOPBACK],
      dst_addr: [LOOPBACK],
    },
  };
}

/** The fixture's images with `sockets` added to files.img and opened by pid 6 (files id 3) from fd 10 on. */
function withSockets(images: Record<string, Buffer>, sockets: Raw[]): Record<string, Buffer> {
  const fds = sockets.map((s, i) => ({ id: s.id, flags: 0, type: 'INETSK', fd: 10 + i }));
  return {
    ...images,
    'files.img': reencode('files.img', 'file_entry', [...rawEntries('files.img'), ...sockets]),
    'fdinfo-3.img': reencode('fdinfo-3.img', 'fdinfo_entry', [...rawEntries('fdinfo-3.img'), ...fds]),
  };
}

const CONFIG = '{"id":"h-diff-web","name":"h-diff-web","rootfsImageName":"busybox"}';

/**
 * A: the fixture's processes 1, 6, 7 and pid 6's listening socket, plus a TCP
 * and a UDP connection. B: 7 gone and 8 new (a copy of 7 named sleep), pid
 * 6's command line starting 5 bytes later (a changed cmdline), the listening
 * socket, one new TCP connection, and 128 KiB more pages (Go's %.2f rounds
 * that 0.125 MB to 0.12).
 */
export function writeChangedPair(dir: string): { a: string; b: string } {
  const base = fixtureImages();
  const a = withSockets(base, [inetSocket(100, 'tcp', 40001, 5000), inetSocket(101, 'udp', 40002, 5001)]);
  const b: Record<string, Buffer> = withSockets(base, [inetSocket(102, 'tcp', 40003, 5000)]);
  for (const n of ['core-7.img', 'ids-7.img', 'fs-7.img', 'mm-7.img', 'pagemap-7.img']) delete b[n];
  const tree = rawEntries('pstree.img').map((p) => (p.pid === 7 ? { ...p, pid: 8, pgid: 1, threads: [8] } : p));
  const core8 = rawEntries('core-7.img').map((c) => ({ ...c, tc: { ...(c.tc as Raw), comm: 'sleep' } }));
  const mm6 = rawEntries('mm-6.img').map((m) => ({ ...m, mm_arg_start: BigInt(m.mm_arg_start as bigint) + 5n }));
  Object.assign(b, {
    'pstree.img': reencode('pstree.img', 'pstree_entry', tree),
    'core-8.img': reencode('core-7.img', 'core_entry', core8),
    'ids-8.img': base['ids-7.img'],
    'fs-8.img': base['fs-7.img'],
    'mm-8.img': base['mm-7.img'],
    'pagemap-8.img': base['pagemap-7.img'],
    'mm-6.img': reencode('mm-6.img', 'mm_entry', mm6),
    'pages-9.img': Buffer.alloc(128 * 1024),
  });
  const paths = { a: join(dir, 'h-diff-a.tar'), b: join(dir, 'h-diff-b.tar') };
  writeFileSync(paths.a, checkpointTar(a, { 'config.dump': Buffer.from(CONFIG) }));
  writeFileSync(paths.b, checkpointTar(b, { 'config.dump': Buffer.from(CONFIG) }));
  return paths;
}

/** An archive of config.dump, spec.dump, an empty checkpoint/ folder and `images` (checkpointctl's minimal test archive). */
export function writeBare(path: string, images: Record<string, Buffer> = {}, config = CONFIG): string {
  writeFileSync(
    path,
    tar(
      file('config.dump', config),
      file('spec.dump', '{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri-o.ContainerName":"h-diff"}}'),
      entry({ name: 'checkpoint/', type: '5', mode: 0o755 }),
      ...Object.entries(images).map(([name, bytes]) => file(`checkpoint/${name}`, bytes)),
    ),
  );
  return path;
}

/** The fixture's images named, for archives with only some of them (e.g. pstree.img and core-*.img). */
export function someImages(names: readonly string[]): Record<string, Buffer> {
  const all = fixtureImages();
  return Object.fromEntries(names.map((n) => [n, all[n] as Buffer]));
}
