// Our CRIU image decoder against CRIU's own `crit decode --pretty`, image by
// image, on every checkpoint archive in test/fixtures/. Needs root and the
// testbed's root fs (crit runs there by chroot); skipped, saying so, without.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from 'node:fs/promises';
import { decodeImage, MemoryReader, sniffImage, type RandomAccess } from '../../electron/criu';
import { critAvailable, testbedRootfs } from '../testbed/crit';
import { syntheticImages } from '../unit/criu/synthetic-images';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const archives = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.tar')) : [];

/**
 * Where our JSON knowingly differs from crit's, with the reason. Empty means
 * every image compares equal.
 */
const KNOWN_DIFFERENCES: ReadonlyArray<{ file: RegExp; reason: string }> = [];

/**
 * JSON.parse that keeps integers exact: those beyond 2^53 become decimal
 * strings, which is how our pretty output writes them.
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
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : token[0];
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

/** crit on a file given as stdin: crit seeks in its input, so no pipe. */
function runCrit(file: string) {
  const fd = openSync(file, 'r');
  try {
    return spawnSync('chroot', [testbedRootfs(), 'crit', 'decode', '--pretty'], {
      stdio: [fd, 'pipe', 'pipe'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
      maxBuffer: 256 << 20,
    });
  } finally {
    closeSync(fd);
  }
}

/** `crit decode --pretty` of one image as text, so that big integers survive parsing. */
function critJson(file: string | Buffer): string {
  let path_ = file;
  if (typeof file !== 'string') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crit-synthetic-'));
    scratch.push(dir);
    path_ = path.join(dir, 'image.img');
    writeFileSync(path_, file);
  }
  const result = runCrit(path_ as string);
  if (result.status !== 0) throw new Error(`crit failed: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}

function critStatus(file: string): number | null {
  return runCrit(file).status;
}

describe.skipIf(!critAvailable())(
  'our decoder equals crit decode --pretty (needs root and the testbed root fs)',
  () => {
    it('has at least one fixture archive to compare', () => {
      expect(archives.length).toBeGreaterThan(0);
    });

    for (const archive of archives) {
      it(`decodes every image of ${archive} as crit does`, () => {
        const dir = extractImages(path.join(FIXTURES, archive));
        const files = imagesIn(dir);
        const mismatches: string[] = [];
        let compared = 0;
        for (const file of files) {
          const name = path.basename(file);
          const bytes = readFileSync(file);
          const sniffed = sniffImage(bytes.subarray(0, 8), name);
          if (sniffed.kind === 'raw') {
            // crit cannot decode raw images either.
            expect(critStatus(file), name).not.toBe(0);
            continue;
          }
          expect(sniffed.kind, name).toBe('protobuf');
          const ours = decodeImage(bytes, { name });
          const theirs = parseExactJson(critJson(file));
          compared++;
          if (isDeepStrictEqual({ magic: ours.magic, entries: ours.entries }, theirs)) continue;
          if (KNOWN_DIFFERENCES.some((d) => d.file.test(name))) continue;
          mismatches.push(name);
          // Show the first difference in full.
          if (mismatches.length === 1)
            expect({ file: name, magic: ours.magic, entries: ours.entries }).toEqual({
              file: name,
              ...(theirs as object),
            });
        }
        expect(mismatches).toEqual([]);
        expect(compared).toBeGreaterThan(5);
      }, 900_000); // crit starts a Python per image: seconds each on a busy machine
    }
  },
);

describe.skipIf(!critAvailable())(
  'our decoder equals crit on hand-made images (needs root and the testbed root fs)',
  () => {
    for (const [label, image] of Object.entries(syntheticImages())) {
      it(`decodes ${label} as crit does`, () => {
        const ours = decodeImage(image);
        expect({ magic: ours.magic, entries: ours.entries }).toEqual(parseExactJson(critJson(image)));
      });
    }
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
