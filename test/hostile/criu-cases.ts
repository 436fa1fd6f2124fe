import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostileCase } from './case';
import { fixtureImages, rawEntries, reencode, withFirstSize } from './fixture-images';
import { entry, file, tar } from './tar-writer';

/**
 * A checkpoint-shaped tar (config.dump, spec.dump, checkpoint/<images>) whose
 * images are given as bytes. CRIU-level cases supply only the image bytes;
 * the image codec owner encodes magics and protobuf entries.
 */
export function checkpointTar(images: Record<string, Buffer>, extra: Record<string, Buffer> = {}): Buffer {
  // An extra config.dump or spec.dump replaces the default one (no duplicate members).
  const { 'config.dump': config, 'spec.dump': spec, ...rest } = extra;
  const members = [
    file('config.dump', config ?? '{"id":"hostile","rootfsImageName":"busybox"}'),
    file('spec.dump', spec ?? '{"ociVersion":"1.0.2"}'),
    entry({ name: 'checkpoint/', type: '5', mode: 0o755 }),
    ...Object.entries(images).map(([name, bytes]) => file(`checkpoint/${name}`, bytes)),
    ...Object.entries(rest).map(([name, bytes]) => file(name, bytes)),
  ];
  return tar(...members);
}

/** Builds a CRIU-level case from a function returning the checkpoint images. */
export function criuCase(
  name: string,
  member: string,
  expect: HostileCase['expect'],
  code: string | undefined,
  images: () => Record<string, Buffer>,
  extra: () => Record<string, Buffer> = () => ({}),
): HostileCase {
  return {
    name,
    level: 'criu',
    member,
    expect,
    ...(code ? { code } : {}),
    build: async (dir) => {
      const path = join(dir, `${name}.tar`);
      await writeFile(path, checkpointTar(images(), extra()));
      return path;
    },
  };
}

const CORE = 'checkpoint/core-1.img';
/** The fixture's images with some replaced (or removed, when given null). */
const images = (over: Record<string, Buffer | null>) => () => {
  const out = fixtureImages();
  for (const [name, bytes] of Object.entries(over)) {
    if (bytes === null) delete out[name];
    else out[name] = bytes;
  }
  return out;
};
const task = (pid: number, ppid: number) => ({ pid, ppid, pgid: 1, sid: 1, threads: [pid] });
const pstree = (...tasks: ReturnType<typeof task>[]) =>
  images({ 'pstree.img': reencode('pstree.img', 'pstree_entry', tasks) });

function editMm(edit: (mm: Record<string, unknown>) => void): Buffer {
  const [mm, ...rest] = rawEntries('mm-1.img');
  edit(mm ?? {});
  return reencode('mm-1.img', 'mm_entry', [mm ?? {}, ...rest]);
}

function pagemapPastPages(): Buffer {
  const [head, ...ranges] = rawEntries('pagemap-1.img');
  // The last range claims a million pages: 4 GiB more than pages-1.img holds.
  const last = { ...ranges[ranges.length - 1], nr_pages: 1_000_000 };
  return reencode('pagemap-1.img', 'pagemap_entry', [head ?? {}, ...ranges.slice(0, -1), last]);
}

function hugePath(): Buffer {
  const entries = rawEntries('files.img').map((e) => {
    const reg = e['reg'] as Record<string, unknown> | undefined;
    return reg && reg['name'] === '/bin/busybox'
      ? { ...e, reg: { ...reg, name: `/${'A'.repeat(8 * 1024 * 1024)}` } }
      : e;
  });
  return reencode('files.img', 'file_entry', entries);
}

function unknownMagic(): Buffer {
  const out = Buffer.alloc(16);
  out.writeUInt32LE(0x54564319, 0);
  out.writeUInt32LE(0x0badf00d, 4);
  out.writeUInt32LE(4, 8);
  return out;
}

/** 10 MiB of nested arrays: JSON.parse may cope, every recursive consumer after it would not. */
const depthBomb = () => Buffer.from(`${'['.repeat(5 * 1024 * 1024)}${']'.repeat(5 * 1024 * 1024)}`);

/** CRIU-level cases, built from the real images of test/fixtures/containerd-cri-web.tar. */
export const criuCases: HostileCase[] = [
  criuCase(
    'criu-entry-size-7fffffff',
    CORE,
    'partial',
    'IMAGE_CORRUPT',
    images({ 'core-1.img': withFirstSize('core-1.img', 0x7fffffff) }),
  ),
  criuCase(
    'criu-entry-size-ffffffff',
    'checkpoint/mm-1.img',
    'partial',
    'IMAGE_CORRUPT',
    images({ 'mm-1.img': withFirstSize('mm-1.img', 0xffffffff) }),
  ),
  criuCase(
    'criu-entry-size-80000000',
    'checkpoint/files.img',
    'partial',
    'IMAGE_CORRUPT',
    images({ 'files.img': withFirstSize('files.img', 0x80000000) }),
  ),
  criuCase(
    'criu-pstree-cycle',
    'checkpoint/pstree.img',
    'partial',
    'IMAGE_CORRUPT',
    pstree(task(1, 2), task(2, 1), task(6, 1), task(7, 1)),
  ),
  criuCase(
    'criu-pstree-self-parent',
    'checkpoint/pstree.img',
    'partial',
    'IMAGE_CORRUPT',
    pstree(task(1, 1), task(6, 1), task(7, 6)),
  ),
  criuCase(
    'criu-pagemap-past-pages',
    'checkpoint/pagemap-1.img',
    'partial',
    'IMAGE_CORRUPT',
    images({ 'pagemap-1.img': pagemapPastPages() }),
  ),
  criuCase(
    'criu-core-truncated',
    CORE,
    'partial',
    'IMAGE_CORRUPT',
    images({ 'core-1.img': (fixtureImages()['core-1.img'] ?? Buffer.alloc(0)).subarray(0, 1000) }),
  ),
  criuCase(
    'criu-mm-huge-arg-range',
    'checkpoint/mm-1.img',
    'ok',
    undefined,
    images({
      'mm-1.img': editMm((mm) => {
        mm['mm_arg_start'] = 0;
        mm['mm_arg_end'] = '140737488355327';
        mm['mm_env_start'] = 0x1000;
        mm['mm_env_end'] = '18446744073709551615';
      }),
    }),
  ),
  criuCase('criu-files-huge-path', 'checkpoint/files.img', 'ok', undefined, images({ 'files.img': hugePath() })),
  criuCase(
    'criu-unknown-magic',
    'checkpoint/mystery-1.img',
    'ok',
    undefined,
    images({ 'mystery-1.img': unknownMagic() }),
  ),
  criuCase('criu-pstree-missing', 'checkpoint/pstree.img', 'partial', undefined, images({ 'pstree.img': null })),
  criuCase('criu-config-depth-bomb', 'config.dump', 'partial', 'LIMIT_EXCEEDED', images({}), () => ({
    'config.dump': depthBomb(),
  })),
  criuCase('criu-spec-not-json', 'spec.dump', 'partial', 'ARCHIVE_CORRUPT', images({}), () => ({
    'spec.dump': Buffer.from('{"ociVersion": "1.0.2", mounts: ['),
  })),
];
