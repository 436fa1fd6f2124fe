/**
 * The ARIA tablist keys: Left/Right step (wrapping), Home/End jump; the index
 * to focus next, or null for a key the strip does not handle.
 */
export function rovingIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
