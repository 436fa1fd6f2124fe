// WCAG 2.x contrast from computed CSS colours (axe-core is not a dependency):
// the page reports each element's text colour and the background colours of it
// and its ancestors (innermost first); the ratio is computed here, in Node, so
// the arithmetic is unit-tested (test/unit/renderer/contrast.test.ts).

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/** Parses a computed colour: "rgb(r, g, b)", "rgba(r, g, b, a)", "rgb(r g b / a)" or "#rrggbb". */
export function parseColor(text: string): Rgba | null {
  const s = text.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{6})$/.exec(s);
  if (hex) {
    const n = parseInt(hex[1] as string, 16);
    return { r: n >> 16, g: (n >> 8) & 255, b: n & 255, a: 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (!fn) return null;
  const parts = (fn[1] as string).split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return null;
  const num = (p: string, scale: number) => (p.endsWith('%') ? (parseFloat(p) / 100) * scale : parseFloat(p));
  const [r, g, b] = parts.slice(0, 3).map((p) => num(p, 255)) as [number, number, number];
  const a = parts[3] === undefined ? 1 : num(parts[3], 1);
  if (![r, g, b, a].every(Number.isFinite)) return null;
  return { r, g, b, a };
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** The opaque colour seen behind an element: its and its ancestors' backgrounds (innermost first) over white. */
export function resolveBackground(layers: Rgba[]): Rgba {
  let seen = WHITE;
  for (const layer of [...layers].reverse()) seen = over(layer, seen);
  return seen;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(c: Rgba): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA: 4.5:1 for normal text, 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold). */
export function requiredRatio(fontSizePx: number, fontWeight: number): number {
  return fontSizePx >= 24 || (fontSizePx >= 18.66 && fontWeight >= 700) ? 3 : 4.5;
}

/** What the page reports for one element (see collectColors in contrast-page.ts). */
export interface ColorSample {
  name: string;
  color: string;
  /** Background colours of the element and its ancestors, innermost first. */
  backgrounds: string[];
  fontSize: number;
  fontWeight: number;
}

export interface ContrastResult {
  name: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
}

const css = (c: Rgba) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;

/** The contrast of a sample's text on what is behind it; unparseable colours are reported, never passed. */
export function checkSample(sample: ColorSample): ContrastResult {
  const layers = sample.backgrounds.map(parseColor);
  const text = parseColor(sample.color);
  const required = requiredRatio(sample.fontSize, sample.fontWeight);
  if (!text || layers.some((l) => l === null)) {
    return { name: sample.name, ratio: 0, required, color: sample.color, background: sample.backgrounds.join(' | ') };
  }
  const background = resolveBackground(layers as Rgba[]);
  const ratio = contrastRatio(over(text, background), background);
  return { name: sample.name, ratio, required, color: css(over(text, background)), background: css(background) };
}
