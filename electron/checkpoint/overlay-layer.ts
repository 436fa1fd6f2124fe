// Writes an overlay upper folder's changes as the layer containerd's CRI puts
// in its archives as rootfs-diff.tar: a tar, whiteouts as empty `.wh.NAME`
// files (mode 0, uid 0, the epoch), a folder before what is in it, then
// gzip-compressed as CRI's is. The tar goes to a spool file beside the archive
// while the container is paused (a copy: 256 MiB in about 0.5 s here, where
// gzip takes 8 s of CPU), and is compressed into a second spool once it runs
// again (a tar entry needs its size first). Memory stays flat.
import { once } from 'node:events';
import { constants, createReadStream, createWriteStream, type Stats } from 'node:fs';
import { open, readlink, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../../shared/errors';
import { fileError } from './archive-file';
import { overlayChanges, type OverlayEntry, type OverlayLayout, type OverlayProblem } from './overlay-changes';

/** Fast over small: the checkpoint job waits for it. */
const GZIP_LEVEL = 1;
const CHUNK = 1024 * 1024;
const EPOCH = new Date(0);

type HeaderIn = Partial<tar.Header> & { name: string };
type EntrySink = ReturnType<tar.Pack['entry']>;

export interface OverlayLayerResult {
  /** Bytes of the tar file. */
  size: number;
  entries: number;
  problems: OverlayProblem[];
}

export async function writeOverlayLayer(
  layout: OverlayLayout,
  spoolPath: string,
  signal?: AbortSignal,
): Promise<OverlayLayerResult> {
  const problems: OverlayProblem[] = [];
  const pack = tar.pack();
  const out = createWriteStream(spoolPath, { flags: 'wx', mode: 0o600 });
  let ours = false; // never remove a file that was there before us
  out.once('open', () => (ours = true));
  const written = pipeline(pack, out);
  written.catch(() => undefined);
  let entries = 0;
  try {
    for await (const entry of overlayChanges(layout, problems, signal)) {
      await Promise.race([addEntry(pack, entry, problems), written]);
      entries++;
    }
    pack.finalize();
    await written;
  } catch (error) {
    pack.destroy();
    await written.catch(() => undefined);
    if (ours) await unlink(spoolPath).catch(() => undefined);
    throw error instanceof AppError ? error : fileError(error, spoolPath);
  }
  return { size: (await stat(spoolPath)).size, entries, problems };
}

/** The spooled tar, gzip-compressed into `gzPath` (made new); its size. `onBytes` counts the tar's bytes read. */
export async function gzipLayer(tarPath: string, gzPath: string, onBytes: (n: number) => void): Promise<number> {
  const source = createReadStream(tarPath);
  source.on('data', (chunk) => onBytes(chunk.length));
  const out = createWriteStream(gzPath, { flags: 'wx', mode: 0o600 });
  let ours = false;
  out.once('open', () => (ours = true));
  try {
    await pipeline(source, createGzip({ level: GZIP_LEVEL }), out);
  } catch (error) {
    if (ours) await unlink(gzPath).catch(() => undefined);
    throw fileError(error, gzPath);
  }
  return (await stat(gzPath)).size;
}

async function addEntry(pack: tar.Pack, entry: OverlayEntry, problems: OverlayProblem[]): Promise<void> {
  if (entry.kind === 'whiteout') {
    const dir = path.posix.dirname(entry.path);
    const name = `${dir === '.' ? '' : `${dir}/`}.wh.${path.posix.basename(entry.path)}`;
    // tar-stream turns a mode of 0 into 0644; S_IFREG alone is truthy and writes as 0.
    return add(pack, { name, type: 'file', size: 0, mode: constants.S_IFREG, uid: 0, gid: 0, mtime: EPOCH });
  }
  const st = entry.stats;
  // The whole st_mode: tar-stream keeps its low 12 bits, and a mode 0 would become 0644.
  const base = { name: entry.path, mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtime };
  if (entry.kind === 'hardlink') return add(pack, { ...base, type: 'link', linkname: entry.target, size: 0 });
  if (st.isDirectory()) return add(pack, { ...base, name: `${entry.path}/`, type: 'directory' });
  if (st.isSymbolicLink()) return add(pack, { ...base, type: 'symlink', linkname: await readlink(entry.source) });
  if (st.isFIFO()) return add(pack, { ...base, type: 'fifo' });
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    return add(pack, {
      ...base,
      type: st.isCharacterDevice() ? 'character-device' : 'block-device',
      devmajor: Math.floor(st.rdev / 256) & 0xfff,
      devminor: (st.rdev & 0xff) | (Math.floor(st.rdev / 4096) & 0xfff00),
    });
  }
  if (st.isFile()) return addFile(pack, entry.source, base, st, problems, entry.path);
}

/** An entry without content (a file entry among them is given its empty body, or it would wait for one). */
function add(pack: tar.Pack, header: HeaderIn): Promise<void> {
  return new Promise((resolve, reject) =>
    pack.entry(header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve())),
  );
}

/** The file's bytes as lstat counted them; a file that changed size meanwhile is cut or padded, and said so. */
async function addFile(
  pack: tar.Pack,
  source: string,
  base: HeaderIn,
  st: Stats,
  problems: OverlayProblem[],
  rel: string,
): Promise<void> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const now = await fh.stat();
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) fh = await closed(fh);
  } catch {
    fh = null;
  }
  if (!fh) problems.push({ path: rel, message: 'could not be opened; written empty' });
  const size = fh ? st.size : 0;
  const entry = pack.entry({ ...base, type: 'file', size });
  const done = new Promise<void>((resolve, reject) => {
    entry.once('error', reject);
    entry.once('finish', () => resolve());
  });
  done.catch(() => undefined);
  try {
    let at = 0;
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, size)));
    while (fh && at < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - at), at);
      if (bytesRead === 0) {
        problems.push({ path: rel, message: `shrank while read: ${size - at} bytes written as zeros` });
        await writeZeros(entry, size - at);
        at = size;
        break;
      }
      at += bytesRead;
      if (!entry.write(Buffer.from(buf.subarray(0, bytesRead)))) await once(entry, 'drain');
    }
    (entry as unknown as { end(): void }).end();
    await done;
  } finally {
    await fh?.close();
  }
}

async function writeZeros(entry: EntrySink, n: number): Promise<void> {
  const zeros = Buffer.alloc(Math.min(CHUNK, n));
  for (let left = n; left > 0; left -= zeros.length) {
    if (!entry.write(zeros.subarray(0, Math.min(zeros.length, left)))) await once(entry, 'drain');
  }
}

async function closed(fh: FileHandle): Promise<null> {
  await fh.close();
  return null;
}
