/**
 * Case counts and seed of the fuzz project. `npm test` runs the short
 * defaults; `FUZZ_RUNS=20000 npm run fuzz` runs that many cases per target.
 * FUZZ_SEED replays a run (fast-check prints the seed and path on failure).
 */
import type fc from 'fast-check';

const DEFAULT_SEED = 0x5eed_2026;

function envInt(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${text}`);
  return value;
}

export const FUZZ_SEED = envInt('FUZZ_SEED') ?? DEFAULT_SEED;
/** Cases per target in a long run; unset in `npm test`. */
export const FUZZ_RUNS = envInt('FUZZ_RUNS');

/** Cases for one property: `share` of FUZZ_RUNS (a target split over several properties), else the short count. */
export function caseCount(short: number, share = 1): number {
  return FUZZ_RUNS === undefined ? short : Math.max(1, Math.ceil(FUZZ_RUNS * share));
}

/** Long runs need long timeouts: roughly `msPerCase` per case, at least a minute. */
export function timeoutFor(cases: number, msPerCase: number): number {
  return Math.max(60_000, cases * msPerCase * 3);
}

export function fuzzParams<T>(numRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns, endOnFailure: true, verbose: 1 };
}
