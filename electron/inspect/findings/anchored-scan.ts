import type { LinearMatch, MatchOptions } from '../search/linear-regex';
import type { Rule } from './rules';

/** A text scanned by several rules, with its bytes (latin1: one char per byte, so positions agree). */
export class RuleText {
  readonly bytes: Buffer;
  constructor(
    readonly text: string,
    bytes?: Buffer,
  ) {
    this.bytes = bytes ?? Buffer.from(text, 'latin1');
  }
}

/** Letters of a caseless anchor expanded into its case forms; a prefix is still an anchor, so 3 letters suffice. */
const CASELESS_PREFIX = 3;

/** The byte strings `indexOf` looks for: each anchor, or for a caseless rule every case form of its prefix. */
export function anchorNeedles(anchors: readonly string[], caseless: boolean): Buffer[] {
  const forms = new Set<string>();
  for (const anchor of anchors) {
    if (!caseless) {
      forms.add(anchor);
      continue;
    }
    let variants = [''];
    for (const c of anchor.slice(0, CASELESS_PREFIX)) {
      const cases = [...new Set([c.toLowerCase(), c.toUpperCase()])];
      variants = variants.flatMap((v) => cases.map((k) => v + k));
    }
    for (const v of variants) forms.add(v);
  }
  return [...forms].map((f) => Buffer.from(f, 'latin1'));
}

/**
 * The rule's matches in `t`, as `rule.regex.forEachMatch` would find them over
 * the whole text, but the regex runs only near its anchors: literals one of
 * which every match contains (rules.json says which; test/unit/forensics
 * checks that it holds). Finding them is a memmem-speed `Buffer.indexOf`, so memory
 * where no anchor occurs costs one pass per anchor instead of a regex pass
 * per rule.
 */
export function forEachRuleMatch(rule: Rule, t: RuleText, opts: MatchOptions, emit: (m: LinearMatch) => boolean): void {
  const anchors = rule.needles;
  if (anchors.length === 0) {
    rule.regex.forEachMatch(t.text, opts, emit);
    return;
  }
  const hay = t.bytes;
  const until = Math.min(opts.until ?? hay.length, hay.length);
  // The engine finds matches up to maxLength whole and may cut longer ones into pieces of at most
  // twice that: a piece that holds the anchor at `a` starts in [a + length - reach, a].
  const reach = 2 * Math.max(1, opts.maxLength);
  let done = Math.max(0, opts.from ?? 0);
  const next = anchors.map((a) => hay.indexOf(a, done));
  /** The start interval of the nearest anchor occurrence not yet taken, or null. */
  const take = (): [number, number] | null => {
    let best = -1;
    for (let i = 0; i < next.length; i++) if (next[i]! >= 0 && (best < 0 || next[i]! < next[best]!)) best = i;
    if (best < 0) return null;
    const at = next[best]!;
    next[best] = hay.indexOf(anchors[best]!, at + 1);
    return [at + anchors[best]!.length - reach, at + 1];
  };
  let more = true;
  for (let interval = take(); more && interval;) {
    const from = Math.max(done, interval[0]);
    if (from >= until) return;
    // Intervals that overlap are one window, scanned once.
    let windowEnd = interval[1];
    for (interval = take(); interval && interval[0] <= windowEnd; interval = take())
      windowEnd = Math.max(windowEnd, interval[1]);
    if (windowEnd <= from) continue;
    rule.regex.forEachMatch(t.text, { ...opts, from, until: Math.min(until, windowEnd) }, (m) => {
      done = m.end;
      more = emit(m);
      return more;
    });
  }
}
