// One contiguous stretch of bytes (a run of dumped pages, a file) scanned
// window by window. Each window [at, at + W) is read with O bytes more,
// [at, at + W + O), and only matches that START in [at, at + W) are kept:
// the next window starts at at + W, so a match starting before the border
// and ending after it (at most O bytes long) is found whole by this window,
// and none is reported twice. Memory is one buffer of W + O bytes, reused.
// Conditions are evaluated per window (a rule's `filesize`, counts and
// offsets are those of the window), which for VMAs of up to W bytes is the
// whole VMA.
import type { ProblemInfo } from '../../../shared/dto';
import type { YaraScanned } from '../../../shared/dto/yara';
import type { BlockScanner, EngineMatch } from './engine';
import type { HitCollector } from './hits';
import { YARA_OVERLAP, YARA_WINDOW } from './limits';

export interface StretchMatch {
  rule: EngineMatch;
  /** The rule's pattern matches that start in this window's own part, at absolute addresses. */
  strings: { identifier: string; address: number; length: number; data: Buffer }[];
}

export interface WindowOptions {
  window?: number;
  overlap?: number;
  /** Throws (cancel, deadline) before each window. */
  check?: () => void;
  onBytes?: (n: number) => void;
}

export async function scanStretch(
  start: number,
  end: number,
  read: (address: number, length: number, target: Buffer) => Promise<Buffer>,
  scanner: BlockScanner,
  onMatch: (m: StretchMatch) => void,
  opts: WindowOptions = {},
): Promise<void> {
  const window = opts.window ?? YARA_WINDOW;
  const overlap = opts.overlap ?? YARA_OVERLAP;
  const buffer = Buffer.allocUnsafe(Math.min(window + overlap, end - start));
  for (let at = start; at < end; at += window) {
    opts.check?.();
    const own = Math.min(window, end - at);
    const length = Math.min(window + overlap, end - at);
    const bytes = await read(at, length, buffer);
    for (const rule of scanner.scan(bytes)) {
      const strings: StretchMatch['strings'] = [];
      let any = false;
      for (const p of rule.patterns) {
        for (const m of p.matches) {
          any = true;
          if (m.offset >= own) continue;
          strings.push({
            identifier: p.identifier,
            address: at + m.offset,
            length: m.length,
            data: bytes.subarray(m.offset, m.offset + m.length),
          });
        }
      }
      // A rule whose every match lies in the overlap is the next window's.
      if (any && strings.length === 0) continue;
      onMatch({ rule, strings });
    }
    opts.onBytes?.(own);
  }
}

/** The options with each window's bytes also added up by `add` (memory and file bytes are counted apart). */
export function counting(opts: WindowOptions, add: (n: number) => void): WindowOptions {
  return {
    ...opts,
    onBytes: (n) => {
      add(n);
      opts.onBytes?.(n);
    },
  };
}

/** What the memory and file scans share: the engine, where hits, counts and problems go, the window options. */
export interface ScanContext {
  scanner: BlockScanner;
  hits: HitCollector;
  scanned: YaraScanned;
  problems: ProblemInfo[];
  opts: WindowOptions;
}
