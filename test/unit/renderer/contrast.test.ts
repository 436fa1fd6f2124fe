import { describe, expect, it } from 'vitest';
import {
  checkSample,
  contrastRatio,
  parseColor,
  relativeLuminance,
  requiredRatio,
  resolveBackground,
} from '../../e2e/support/contrast';

const c = (s: string) => {
  const parsed = parseColor(s);
  if (!parsed) throw new Error(`unparsed ${s}`);
  return parsed;
};

describe('WCAG contrast from computed colours', () => {
  it('parses the forms getComputedStyle returns', () => {
    expect(parseColor('rgb(37, 99, 235)')).toEqual({ r: 37, g: 99, b: 235, a: 1 });
    expect(parseColor('rgba(0, 0, 0, 0)')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    expect(parseColor('rgb(10 20 30 / 0.5)')).toEqual({ r: 10, g: 20, b: 30, a: 0.5 });
    expect(parseColor('#ffffff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('color(srgb 1 0 0)')).toBeNull();
  });

  it('gives the known ratios', () => {
    expect(relativeLuminance(c('#ffffff'))).toBeCloseTo(1, 6);
    expect(relativeLuminance(c('#000000'))).toBe(0);
    expect(contrastRatio(c('#000000'), c('#ffffff'))).toBeCloseTo(21, 6);
    expect(contrastRatio(c('#ffffff'), c('#ffffff'))).toBeCloseTo(1, 6);
    // WebAIM's checker: #767676 on white is 4.54:1, #777777 is 4.48:1 (the AA edge).
    expect(contrastRatio(c('#767676'), c('#ffffff'))).toBeCloseTo(4.54, 2);
    expect(contrastRatio(c('#777777'), c('#ffffff'))).toBeCloseTo(4.48, 2);
    // The hover bug of issue 16: white on --bg-3 (#e8eaee).
    expect(contrastRatio(c('#ffffff'), c('#e8eaee'))).toBeLessThan(1.3);
  });

  it('resolves translucent backgrounds through the ancestors, over white at the root', () => {
    expect(resolveBackground([c('rgba(0, 0, 0, 0)'), c('rgb(0, 0, 0)')])).toEqual(c('rgb(0, 0, 0)'));
    const half = resolveBackground([c('rgba(0, 0, 0, 0.5)')]);
    expect(half.r).toBeCloseTo(127.5, 6);
    expect(resolveBackground([])).toEqual(c('#ffffff'));
  });

  it('asks 3:1 of large text only', () => {
    expect(requiredRatio(13, 400)).toBe(4.5);
    expect(requiredRatio(19, 700)).toBe(3);
    expect(requiredRatio(19, 400)).toBe(4.5);
    expect(requiredRatio(24, 400)).toBe(3);
  });

  it('fails a sample it cannot read instead of passing it', () => {
    const r = checkSample({ name: 'x', color: 'oklch(0.5 0.1 200)', backgrounds: [], fontSize: 13, fontWeight: 400 });
    expect(r.ratio).toBe(0);
    const ok = checkSample({
      name: 'btn',
      color: 'rgb(255, 255, 255)',
      backgrounds: ['rgb(29, 78, 216)', 'rgb(255, 255, 255)'],
      fontSize: 13,
      fontWeight: 400,
    });
    expect(ok.ratio).toBeGreaterThan(4.5);
  });
});
