import { describe, expect, it, vi } from 'vitest';
import { hexMenuItems } from '../../../renderer/src/components/hex/hex-menu';

describe("a hex byte's right-click menu", () => {
  const segment = { start: 0x1008, end: 0x1100, label: null };
  const actions = () => ({ copy: vi.fn(), select: vi.fn(), bookmark: vi.fn() });

  it('outside the selection: copy the address, select the row (kept inside the mapping), bookmark the byte', () => {
    const a = actions();
    const items = hexMenuItems(0x100a, { start: 0x1050, end: 0x1060 }, segment, a);
    expect(items.map((i) => i.testId)).toEqual(['hex-menu-copy-address', 'hex-menu-select-row', 'hex-menu-bookmark']);
    items.forEach((i) => i.run());
    expect(a.copy).toHaveBeenCalledWith('0x00000000100a');
    expect(a.select).toHaveBeenCalledWith(0x1008, 0x1010);
    expect(a.bookmark).toHaveBeenCalledWith(0x100a, 0x100b);
  });

  it('inside the selection: copy its range and bookmark all of it', () => {
    const a = actions();
    const items = hexMenuItems(0x1055, { start: 0x1050, end: 0x1060 }, segment, a);
    expect(items.map((i) => i.label)).toContain('Bookmark selection');
    items.forEach((i) => i.run());
    expect(a.copy).toHaveBeenLastCalledWith('0x000000001050-0x000000001060');
    expect(a.bookmark).toHaveBeenCalledWith(0x1050, 0x1060);
  });
});
