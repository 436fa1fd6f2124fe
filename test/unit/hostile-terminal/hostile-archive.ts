/**
 * One archive whose every string the CLI prints carries terminal controls:
 * the CRI fixture with its container name, image, annotations, spec env and
 * mounts, process comm, command line and environment (in the memory pages),
 * open file paths and rootfs-diff member names, link target and contents
 * rewritten to hold ESC, CSI, OSC titles, BEL, CR, LF, backspace, C1 and bidi
 * controls.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointTar } from '../../hostile/criu-cases';
import { fixtureImages, rawEntries, reencode } from '../../hostile/fixture-images';
import { entry, file, tar } from '../../hostile/tar-writer';
import { CRI_FIXTURE, withMemberRewritten } from '../../support/corrupt-member';

const TITLE = '\x1b]0;PWNED\x07';
const CLEAR = '\x1b[2J\x1b[H';

/** The planted strings, as the archive holds them (JSON output must give them back exactly). */
export const HOSTILE = {
  containerName: `web${TITLE}${CLEAR}\r\u202eevil`,
  image: `busy\x1b[31mbox\u009b1m\u2028next`,
  runtime: `runc\x08\x08\x08\x1b[Kfake`,
  podName: `pod\x1bP+q\x1b\\\u0085`,
  annotationKey: 'evil.example/\x1b[5mkey',
  annotationValue: 'v\r\nFAKE LINE\u2066',
  specEnvName: 'HOSTILE_\x1b[8mTOKEN',
  specEnvValue: `${TITLE}v\u202d`,
  mountDestination: '/mnt/\x1b[2J\u202edst',
  comm: 'sh\x1b[2J\x07\u009d',
  /** Open file paths in files.img (fd 3 of pid 7, and the executable behind the VMAs). */
  logPath: `/data/log${TITLE}\r.txt`,
  busyboxPath: '/bin/busy\x1b[5mbox',
  /** Same length as 'web started' (it replaces those bytes in the pages). */
  cmdlineWord: '\x1b[2J\x1b]0;T\x07X',
  /** Same length as 'testbed' in APP_MODE=testbed. */
  envValue: '\x1b[1m\u009b\x08',
  rootfsName: 'data/\x1b]0;R\x07\u202efile\r.txt',
  rootfsLink: 'etc/\x1b[2Jlink',
  rootfsLinkTarget: '\x1b]0;L\x07/target',
  rootfsContent: Buffer.from(
    'first line\n\x1b]0;CAT\x07\x1b[2J\x1b[31mAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILEKEY\n',
  ),
} as const;

function member(name: string): Buffer {
  let found: Buffer | undefined;
  withMemberRewritten(readFileSync(CRI_FIXTURE), name, (data) => (found = data));
  return found ?? Buffer.alloc(0);
}

function json(name: string): Record<string, unknown> {
  return JSON.parse(member(name).toString('utf8')) as Record<string, unknown>;
}

function configDump(): Buffer {
  const config = json('config.dump');
  return Buffer.from(
    JSON.stringify({
      ...config,
      name: HOSTILE.containerName,
      rootfsImageName: HOSTILE.image,
      runtime: HOSTILE.runtime,
    }),
  );
}

function specDump(): Buffer {
  const spec = json('spec.dump') as {
    annotations: Record<string, string>;
    process: { env: string[] };
    mounts: Record<string, unknown>[];
  };
  spec.annotations['io.kubernetes.cri.container-name'] = HOSTILE.containerName;
  spec.annotations['io.kubernetes.cri.sandbox-name'] = HOSTILE.podName;
  spec.annotations[HOSTILE.annotationKey] = HOSTILE.annotationValue;
  spec.process.env.push(`${HOSTILE.specEnvName}=${HOSTILE.specEnvValue}`);
  spec.mounts.push({ destination: HOSTILE.mountDestination, type: 'bind', source: '/srv/\x1b[2Jsrc', options: [] });
  return Buffer.from(JSON.stringify(spec));
}

function rootfsDiff(): Buffer {
  return gzipSync(
    tar(
      entry({ name: 'data/', type: '5', mode: 0o755 }),
      file('data/log.txt', 'web started\n'),
      file(HOSTILE.rootfsName, HOSTILE.rootfsContent),
      entry({ name: HOSTILE.rootfsLink, type: '2', linkname: HOSTILE.rootfsLinkTarget }),
      file('etc/.wh.\x1b[31mgone', ''),
    ),
  );
}

function replaceAll(bytes: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error(`${JSON.stringify(to)} must keep the ${a.length} bytes of ${from}`);
  const out = Buffer.from(bytes);
  for (let at = out.indexOf(a); at >= 0; at = out.indexOf(a, at + 1)) b.copy(out, at);
  return out;
}

function images(): Record<string, Buffer> {
  const out = fixtureImages();
  const [core, ...moreCores] = rawEntries('core-1.img');
  const tc = (core?.['tc'] ?? {}) as Record<string, unknown>;
  out['core-1.img'] = reencode('core-1.img', 'core_entry', [
    { ...core, tc: { ...tc, comm: HOSTILE.comm } },
    ...moreCores,
  ]);
  const renamed: Record<string, string> = { '/data/log.txt': HOSTILE.logPath, '/bin/busybox': HOSTILE.busyboxPath };
  out['files.img'] = reencode(
    'files.img',
    'file_entry',
    rawEntries('files.img').map((e) => {
      const reg = e['reg'] as Record<string, unknown> | undefined;
      const name = typeof reg?.['name'] === 'string' ? renamed[reg['name']] : undefined;
      return reg && name ? { ...e, reg: { ...reg, name } } : e;
    }),
  );
  for (const pages of ['pages-1.img', 'pages-2.img', 'pages-3.img']) {
    const bytes = replaceAll(out[pages] ?? Buffer.alloc(0), 'web started', HOSTILE.cmdlineWord);
    out[pages] = replaceAll(bytes, 'APP_MODE=testbed', `APP_MODE=${HOSTILE.envValue}`);
  }
  return out;
}

/** Writes the hostile archive as `dir/name` and returns its path. */
export async function writeHostileArchive(dir: string, name = 'hostile.tar'): Promise<string> {
  const path = join(dir, name);
  const extra: Record<string, Buffer> = {
    'config.dump': configDump(),
    'spec.dump': specDump(),
    'rootfs-diff.tar': rootfsDiff(),
  };
  for (const m of ['stats-dump', 'dump.log']) extra[m] = member(m);
  await writeFile(path, checkpointTar(images(), extra));
  return path;
}
