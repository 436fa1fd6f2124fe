// The page side of the contrast check (runs in Chromium through page.evaluate,
// so it imports nothing): which elements are interactive, their colours and the
// backgrounds behind them, and anything wider than the viewport.
import type { Page } from '@playwright/test';
import { checkSample, type ColorSample, type ContrastResult } from './contrast';

const INTERACTIVE =
  'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab], [role=menuitem], ' +
  '[role=columnheader], [role=checkbox], [tabindex]:not([tabindex="-1"])';

/** Marks every visible, enabled interactive element with data-contrast-id and returns how many. */
export async function markInteractive(page: Page): Promise<number> {
  return page.evaluate((selector) => {
    let n = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      el.removeAttribute('data-contrast-id');
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const disabled = (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true';
      // WCAG 1.4.3 exempts disabled controls; hidden and zero-size ones are not seen.
      if (disabled || r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      el.setAttribute('data-contrast-id', String(n++));
    }
    return n;
  }, INTERACTIVE);
}

/** The colours of the marked elements with these ids (all when ids is null). */
export async function sampleColors(page: Page, ids: number[] | null, state: string): Promise<ColorSample[]> {
  return page.evaluate(
    ({ ids, state }) => {
      const out: ColorSample[] = [];
      const wanted = ids === null ? null : new Set(ids.map(String));
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-contrast-id]'))) {
        if (wanted && !wanted.has(el.dataset.contrastId ?? '')) continue;
        const style = getComputedStyle(el);
        // Text-less controls (icon buttons) are held to the 3:1 of non-text contrast: their icon is currentColor.
        const text = (
          el.innerText ||
          (el as HTMLInputElement).value ||
          (el as HTMLInputElement).placeholder ||
          ''
        ).trim();
        const backgrounds: string[] = [];
        let opacity = 1;
        for (let node: HTMLElement | null = el; node; node = node.parentElement) {
          const s = getComputedStyle(node);
          opacity *= Number(s.opacity);
          backgrounds.push(s.backgroundColor);
          if (/^rgb\(/.test(s.backgroundColor)) break; // opaque: nothing below shows
        }
        const color = opacity < 1 ? style.color.replace(/^rgb\((.*)\)$/, `rgba($1, ${opacity})`) : style.color;
        const name = `${state} ${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} ${
          el.dataset.testid ? `[${el.dataset.testid}]` : ''
        } "${(text || el.getAttribute('aria-label') || '').slice(0, 40)}"`;
        out.push({
          name,
          color,
          backgrounds,
          fontSize: text ? parseFloat(style.fontSize) : 24, // non-text: 3:1 (see requiredRatio)
          fontWeight: Number(style.fontWeight),
        });
      }
      return out;
    },
    { ids, state },
  );
}

/** One element per look (tag, class, role, selection) for the hover and focus states: the same look, the same colours. */
export async function distinctLooks(page: Page): Promise<[string, number][]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-contrast-id]'))) {
      const look = [
        el.tagName,
        el.className,
        el.getAttribute('role'),
        el.getAttribute('aria-selected'),
        el.getAttribute('aria-pressed'),
        el.parentElement?.className,
      ].join('|');
      if (!seen.has(look)) seen.set(look, Number(el.dataset.contrastId));
    }
    return [...seen.entries()];
  });
}

/** Elements wider than the viewport, and whether the page itself scrolls sideways. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1)
      out.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const w = el.getBoundingClientRect().width;
      // Text cut short by a cell (overflow hidden, with an ellipsis and a tooltip) is not wide on screen;
      // a scroll container's content is (a table that needs sideways scrolling counts).
      let clipped = false;
      for (let a = el.parentElement; a && !clipped; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        clipped = (o === 'hidden' || o === 'clip') && a.getBoundingClientRect().width <= innerWidth;
      }
      if (w > innerWidth + 1 && !clipped) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} ${Math.round(w)}px`);
      }
    }
    return out.slice(0, 20);
  });
}

/** Every interactive element at rest, hovered and focused: the ones below WCAG AA, and those that could not be hovered. */
export async function contrastFailures(
  page: Page,
  /** Looks already hovered and focused on an earlier screen of this pass (same theme): checked once, not per screen. */
  seenLooks: Set<string> = new Set(),
): Promise<{ failures: ContrastResult[]; checked: number; unhovered: string[] }> {
  await markInteractive(page);
  const results = (await sampleColors(page, null, 'rest')).map(checkSample);
  const unhovered: string[] = [];
  for (const [look, id] of await distinctLooks(page)) {
    if (seenLooks.has(look)) continue;
    seenLooks.add(look);
    const el = page.locator(`[data-contrast-id="${id}"]`);
    // A control under an open menu or overlay cannot be hovered; what is seen at rest was checked.
    const hovered = await el.hover({ timeout: 1500, trial: false }).then(
      () => true,
      () => false,
    );
    if (!hovered) unhovered.push(await el.evaluate((n) => n.outerHTML.slice(0, 120)));
    else results.push(...(await sampleColors(page, [id], 'hover')).map(checkSample));
    await el.evaluate((node) => (node as HTMLElement).focus({ preventScroll: true })).catch(() => undefined);
    results.push(...(await sampleColors(page, [id], 'focus')).map(checkSample));
  }
  await page.mouse.move(0, 0);
  return { failures: results.filter((r) => r.ratio < r.required), checked: results.length, unhovered };
}
