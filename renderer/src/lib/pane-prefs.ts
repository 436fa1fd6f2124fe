/** A split's remembered divider position (localStorage): the left pane's share of the width. */

import { localStore as store, type PrefStore as Store } from './local-store';

const PREFIX = 'checkpoint-inspector.pane.';
export const MIN_FRACTION = 0.15;
export const MAX_FRACTION = 0.85;

export function clampFraction(f: number): number {
  return Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, f));
}

/** The stored share, checked (a hand-edited or old entry gives the default). */
export function loadFraction(id: string, fallback: number, storage: Store | null = store()): number {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(PREFIX + id) ?? 'null');
  } catch {
    return fallback;
  }
  return typeof raw === 'number' && Number.isFinite(raw) ? clampFraction(raw) : fallback;
}

export function saveFraction(id: string, f: number, storage: Store | null = store()): void {
  try {
    storage?.setItem(PREFIX + id, JSON.stringify(Math.round(clampFraction(f) * 1000) / 1000));
  } catch {
    // full or denied: not remembered
  }
}
