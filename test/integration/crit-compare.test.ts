// Our CRIU image decoder against CRIU's own `crit decode --pretty`, image by
// image, on every checkpoint archive in test/fixtures/: the decoder's values,
// and the text `checkpoint-inspector decode` prints (integers beyond 2^53 as
// numbers with every digit, as crit prints them). Needs root and the
// testbed's root fs (crit runs there by chroot); skipped, saying so, without.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from 'node:fs/promises';
import { decodeImage, MemoryReader, sniffImage, type RandomAccess } from '../../electron/criu';
import { critAvailable, critDecodeBatch } from '../testbed/crit';
import { syntheticImages } from '../unit/criu/synthetic-images';
import { runCliCaptured } from '../support/run-cli-captured';

const FIXTURES = path.resolve(__dirname, '../fixtures');
// A checkpoint OCI image (*-oci.tar) holds its checkpoint as a layer: podman-web-oci.tar's is podman-web-none.tar, compared here.
const archives = existsSync(FIXTURES)
  ? readdirSync(FIXTURES).filter((f) => /\.tar(\.gz|\.zst)?$/.test(f) && !/-oci\.tar$/.test(f))
  : [];

/**
 * Where our JSON knowingly differs from crit's, with the reason. Empty means
 * every image compares equal.
 */
const KNOWN_DIFFERENCES: ReadonlyArray<{ file: RegExp; reason: string }> = [];

/**
 * JSON.parse that keeps integers exact: those beyond 2^53 become bigints,
 * which is how our pretty output holds them. A string of digits stays a
 * string, so a big integer written as a string does not compare equal.
 */
function parseExactJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') return (i++, out);
      for (;;) {
        ws();
        const key = value() as string;
        ws();
        i++; // ':'
        out[key] = value();
        ws();
        if (text[i++] === '}') return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return (i++, out);
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') return out;
      }
    }
    const token = /^(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(
      text.slice(i, i + (1 << 20)),
    );
    if (token === null) throw new Error(`bad JSON at ${i}`);
    i += token[0].length;
    if (/^-?\d+$/.test(token[0])) {
      const n = BigInt(token[0]);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    return JSON.parse(token[0]) as unknown;
  };
  return value();
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function extractImages(archive: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crit-compare-'));
  scratch.push(dir);
  const members = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).split('\n');
  const wanted = ['checkpoint', ...members.filter((m) => m === 'stats-dump')];
  execFileSync('tar', ['-x', '-C', dir, '-f', archive, ...wanted]);
  return dir;
}

function imagesIn(dir: string): string[] {
  const inner = path.join(dir, 'checkpoint');
  const files = readdirSync(inner)
    .filter((f) => f.endsWith('.img'))
    .map((f) => path.join(inner, f));
  if (existsSync(path.join(dir, 'stats-dump'))) files.push(path.join(dir, 'stats-dump'));
  return files;
}

describe.skipIf(!critAvailable())(
  'our decoder equals crit decode --pretty (needs root and the testbed root fs)',
  () => {
    it('has at least one fixture archive to compare', () => {
      expect(archives.length).toBeGreaterThan(0);
    });

    for (const archive of archives) {
      it(`decodes every image of ${archive} as crit does`, async () => {
        const dir = extractImages(path.join(FIXTURES, archive));
        const files = imagesIn(dir);
        const crit = await critDecodeBatch(files);
        const mismatches: string[] = [];
        let compared = 0;
        files.forEach((file, index) => {
          const name = path.basename(file);
          const bytes = readFileSync(file);
          const sniffed = sniffImage(bytes.subarray(0, 8), name);
          const theirs = crit[index]!;
          if (sniffed.kind === 'raw') {
            // crit cannot decode raw images either.
            expect(theirs.ok, name).toBe(false);
            return;
          }
          expect(sniffed.kind, name).toBe('protobuf');
          if (!theirs.ok) throw new Error(`crit failed on ${name}: ${theirs.error}`);
          const ours = decodeImage(bytes, { name });
          const expected = parseExactJson(theirs.json);
          compared++;
          if (isDeepStrictEqual({ magic: ours.magic, entries: ours.entries }, expected)) return;
          if (KNOWN_DIFFERENCES.some((d) => d.file.test(name))) return;
          mismatches.push(name);
          // Show the first difference in full.
          if (mismatches.length === 1)
            expect({ file: name, magic: ours.magic, entries: ours.entries }).toEqual({
              file: name,
              ...(expected as object),
            });
        });
        expect(mismatches).toEqual([]);
        expect(compared).toBeGreaterThan(5);

        // What `decode` prints, parsed exactly, is crit's JSON, image by image.
        const printed: string[] = [];
        for (const [index, file] of files.entries()) {
          const theirs = crit[index]!;
          if (!theirs.ok) continue;
          const name = path.relative(dir, file);
          const r = await runCliCaptured(['decode', path.join(FIXTURES, archive), name]);
          expect(r.err, name).toBe('');
          expect(r.code, name).toBe(0);
          const ours = parseExactJson(r.out);
          if (!isDeepStrictEqual(ours, parseExactJson(theirs.json))) {
            if (KNOWN_DIFFERENCES.some((d) => d.file.test(name))) continue;
            expect({ file: name, ...(ours as object) }).toEqual({
              file: name,
              ...(parseExactJson(theirs.json) as object),
            });
          }
          printed.push(name);
        }
        expect(printed.length).toBe(compared);
        // Every fixture's ipcns-var holds uint64s beyond 2^53 (shm_ctlmax, shm_ctlall): they are printed as numbers.
        const big = /"[a-z_]+": \d{17,}\b/;
        const ipc = files.findIndex((f) => /ipcns-var-\d+\.img$/.test(f));
        expect(ipc).toBeGreaterThanOrEqual(0);
        expect(
          (await runCliCaptured(['decode', path.join(FIXTURES, archive), path.relative(dir, files[ipc]!)])).out,
        ).toMatch(big);
      }, 600_000); // one Python for all images of an archive
    }
  },
);

describe.skipIf(!critAvailable())(
  'our decoder equals crit on hand-made images (needs root and the testbed root fs)',
  () => {
    const images = Object.entries(syntheticImages());
    let crit: Awaited<ReturnType<typeof critDecodeBatch>> = [];
    beforeAll(async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'crit-synthetic-'));
      scratch.push(dir);
      const files = images.map(([, image], i) => {
        const file = path.join(dir, `${i}.img`);
        writeFileSync(file, image);
        return file;
      });
      crit = await critDecodeBatch(files);
    }, 300_000);
    images.forEach(([label, image], index) => {
      it(`decodes ${label} as crit does`, () => {
        const theirs = crit[index];
        if (!theirs?.ok) throw new Error(`crit failed on ${label}: ${theirs?.error ?? 'no result'}`);
        const ours = decodeImage(image);
        expect({ magic: ours.magic, entries: ours.entries }).toEqual(parseExactJson(theirs.json));
      });
    });
  },
);

/** A file read by ranges, as the inspection layer reads pages images. */
async function randomAccess(file: string): Promise<RandomAccess & { close(): Promise<void> }> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

describe('MemoryReader on the fixture dumps', () => {
  for (const archive of archives) {
    it(`finds every pagemap of ${archive} backed exactly by its pages file`, async () => {
      const inner = path.join(extractImages(path.join(FIXTURES, archive)), 'checkpoint');
      const pagemaps = readdirSync(inner).filter((f) => /^pagemap-\d+\.img$/.test(f));
      expect(pagemaps.length).toBeGreaterThan(0);
      for (const name of pagemaps) {
        const map = decodeImage(readFileSync(path.join(inner, name)), { pretty: false });
        const pagesId = (map.entries[0] as { pages_id: number }).pages_id;
        const pages = await randomAccess(path.join(inner, `pages-${pagesId}.img`));
        try {
          const reader = new MemoryReader(map, pages);
          expect(reader.problems, name).toEqual([]);
          const ranges = reader.ranges();
          expect(ranges.reduce((sum, r) => sum + (r.end - r.start), 0)).toBe(pages.size);
          const first = ranges[0]!;
          const got = await reader.read(first.start, 64);
          expect(got.present[0]).toBe(true);
          expect(got.data).toEqual(await pages.read(first.pagesOffset, 64));
        } finally {
          await pages.close();
        }
      }
    });
  }
});
