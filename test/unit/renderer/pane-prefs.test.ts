import { describe, expect, it } from 'vitest';
import { loadFraction, saveFraction, MAX_FRACTION, MIN_FRACTION } from '../../../renderer/src/lib/pane-prefs';
import type { PrefStore } from '../../../renderer/src/lib/local-store';

function memoryStore(): PrefStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("a split's remembered divider", () => {
  it('comes back as saved, clamped to where both panes stay usable', () => {
    const s = memoryStore();
    expect(loadFraction('processes', 0.4, s)).toBe(0.4);
    saveFraction('processes', 0.62345, s);
    expect(loadFraction('processes', 0.4, s)).toBe(0.623);
    saveFraction('processes', 2, s);
    expect(loadFraction('processes', 0.4, s)).toBe(MAX_FRACTION);
    saveFraction('processes', -1, s);
    expect(loadFraction('processes', 0.4, s)).toBe(MIN_FRACTION);
    expect(loadFraction('rootfs', 0.3, s), 'each split has its own').toBe(0.3);
  });

  it('gives the default for a hand-edited, broken or missing entry, and works with no storage', () => {
    const s = memoryStore();
    for (const bad of ['{', '"0.5"', 'null', '[0.5]', 'NaN']) {
      s.data.set('checkpoint-inspector.pane.x', bad);
      expect(loadFraction('x', 0.4, s)).toBe(0.4);
    }
    expect(loadFraction('x', 0.4, null)).toBe(0.4);
    expect(() => saveFraction('x', 0.5, null)).not.toThrow();
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveFraction('x', 0.5, full)).not.toThrow();
  });
});
