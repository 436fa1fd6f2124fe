// One text form of a compared value, and where two of them differ: the core
// marks the changed part in the diff's DTO, the hosts show that text in full
// with that part highlighted (never cut before the change).

/** Where two shown values differ: both start with the same `prefix` characters and end with the same `suffix`. */
export interface ChangedPart {
  prefix: number;
  suffix: number;
}

/** A compared value as shown: strings as they are, anything else as JSON; absent as "(absent)". */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The common prefix and suffix of two texts (never splitting a surrogate pair, never overlapping). */
export function changedPart(before: string, after: string): ChangedPart {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && prefix < max && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  if (suffix > 0 && suffix < max - prefix && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return { prefix, suffix };
}

/** A text cut at its changed part: what is the same before, what differs, what is the same after. */
export function splitChanged(text: string, part: ChangedPart): [string, string, string] {
  const end = Math.max(part.prefix, text.length - part.suffix);
  return [text.slice(0, part.prefix), text.slice(part.prefix, end), text.slice(end)];
}

/** The mark of two values present on both sides; null when one is absent (all of it is new or gone). */
export function markOf(before: unknown, after: unknown): ChangedPart | null {
  if (before === undefined || before === null || after === undefined || after === null) return null;
  return changedPart(valueText(before), valueText(after));
}
