// The YARA engine: YARA-X (VirusTotal's official Rust rewrite of YARA) built
// to WebAssembly, npm @virustotal/yara-x. Chosen over @litko/yara-x (N-API,
// about 3.5x faster in test/bench/yara-bench.ts, but a native module per
// platform and Electron ABI) and libyara-wasm (libyara 4 in WASM, 4x slower
// still, recompiles the rules on every scan, line numbers without columns):
// one .wasm file runs unchanged in Node 20, Electron's Node 22 and the
// browser, needs no native build, and gives errors with line and column.
// The .wasm is read from the package under the sources, and from beside the
// bundle once built (scripts/build.mjs copies it there).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initSync, Compiler, type Rules, type Scanner } from '@virustotal/yara-x';
import { AppError } from '../../../shared/errors';
import type { YaraCompileError } from '../../../shared/dto/yara';

const YARA_WASM_FILE = 'yara_x_js_bg.wasm';

let ready = false;

function wasmPath(): string {
  const beside = join(__dirname, YARA_WASM_FILE);
  if (existsSync(beside)) return beside;
  const pkg = createRequire(__filename).resolve('@virustotal/yara-x/package.json');
  return join(dirname(pkg), 'pkg', YARA_WASM_FILE);
}

function init(): void {
  if (ready) return;
  try {
    initSync({ module: readFileSync(wasmPath()) });
  } catch (error) {
    throw new AppError('INTERNAL', `the YARA engine could not be loaded: ${(error as Error).message}`);
  }
  ready = true;
}

/** One rule file's text, named as the user knows it (a path, or a dropped file's name). */
export interface RuleSource {
  name: string;
  text: string;
}

export interface CompiledRules {
  rules: Rules;
  /** Rules compiled (counted in the sources, comments left out). */
  count: number;
  warnings: YaraCompileError[];
}

/** YARA-X writes `error[E025]: unknown pattern ...\n --> line:4:14`; the first line and the position. */
export function parseDiagnostic(file: string, text: string): YaraCompileError {
  const at = /-->\s*line:(\d+):(\d+)/.exec(text);
  const first = text.split('\n', 1)[0] ?? text;
  const note = /^\s*\d*\s*\|\s*\^+\s*(.*)$/m.exec(text)?.[1]?.trim();
  const message = first.replace(/^(error|warning)\[[^\]]*\]:\s*/, '') + (note ? `: ${note}` : '');
  return { file, line: at ? Number(at[1]) : null, column: at ? Number(at[2]) : null, message };
}

function countRules(text: string): number {
  const bare = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return (bare.match(/^\s*(?:(?:private|global)\s+)*rule\s+\w+/gm) ?? []).length;
}

/**
 * Compiles the sources, each in its own namespace (two files may name a rule
 * alike). Every file is tried, so one run lists the errors of all of them.
 */
export function compileRules(sources: readonly RuleSource[]): CompiledRules | { errors: YaraCompileError[] } {
  init();
  const compiler = new Compiler();
  const errors: YaraCompileError[] = [];
  const warnings: YaraCompileError[] = [];
  let count = 0;
  let built = false;
  try {
    sources.forEach((source, i) => {
      compiler.newNamespace(`f${i}`);
      const before = compiler.warnings.length;
      try {
        compiler.addSource(source.text);
        count += countRules(source.text);
      } catch (error) {
        errors.push(parseDiagnostic(source.name, (error as Error).message));
      }
      for (const w of compiler.warnings.slice(before)) warnings.push(parseDiagnostic(source.name, w));
    });
    if (errors.length > 0) return { errors };
    if (count === 0) return { errors: [{ file: '', line: null, column: null, message: 'no rules to scan with' }] };
    built = true;
    return { rules: compiler.build(), count, warnings };
  } finally {
    // build() consumes the compiler; one that was not built is freed here.
    if (!built) compiler.free();
  }
}

/** What YARA-X answers for a scan (the part we read). */
export interface EngineMatch {
  identifier: string;
  namespace: string;
  tags: string[];
  patterns: { identifier: string; matches: { offset: number; length: number }[] }[];
}

export interface BlockScanner {
  /** Scans one block. */
  scan(block: Uint8Array): EngineMatch[];
  free(): void;
}

/** Matches kept per pattern and block: a rule that matches every byte would otherwise fill the heap. */
export const MAX_MATCHES_PER_PATTERN = 1000;

export function blockScanner(rules: Rules): BlockScanner {
  const scanner: Scanner = rules.scanner();
  scanner.setMaxMatchesPerPattern(MAX_MATCHES_PER_PATTERN);
  return {
    // No setTimeoutMs: in WASM YARA-X has no timer thread and never stops a
    // scan (measured: a 64 MiB scan ran on past a 1 s timeout). Time is
    // bounded between blocks by the scan's deadline (scan-checkpoint.ts) and
    // inside one block by the worker's deadline (workers/limits.ts).
    scan(block) {
      try {
        return (scanner.scan(block) as { matches: EngineMatch[] }).matches;
      } catch (error) {
        throw new AppError('INTERNAL', `YARA scan failed: ${(error as Error).message ?? String(error)}`);
      }
    },
    free: () => scanner.free(),
  };
}
