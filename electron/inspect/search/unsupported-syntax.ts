/**
 * Names the first construct in a pattern that a linear-time engine cannot
 * run, so the refusal says what to change rather than re2js's generic
 * "invalid or unsupported Perl syntax".
 */

const GROUP_OPENERS: readonly [string, string][] = [
  ['(?=', 'lookahead (?=...)'],
  ['(?!', 'negative lookahead (?!...)'],
  ['(?<=', 'lookbehind (?<=...)'],
  ['(?<!', 'negative lookbehind (?<!...)'],
  ['(?>', 'atomic group (?>...)'],
  ['(?|', 'branch reset group (?|...)'],
  ['(?(', 'conditional (?(...)...)'],
  ['(?R', 'recursion (?R)'],
  ['(?&', 'subroutine call (?&name)'],
  ['(?P=', 'backreference (?P=name)'],
  ['(?P>', 'subroutine call (?P>name)'],
];

interface Unsupported {
  construct: string;
  offset: number;
}

function escapeAt(pattern: string, i: number): Unsupported | null {
  const next = pattern[i + 1] ?? '';
  if (/[1-9]/.test(next)) return { construct: `backreference \\${next}`, offset: i };
  if (next === 'k' && /[<'{]/.test(pattern[i + 2] ?? '')) return { construct: 'backreference \\k<name>', offset: i };
  if (next === 'g' && /[0-9{<'+-]/.test(pattern[i + 2] ?? '')) return { construct: 'backreference \\g', offset: i };
  return null;
}

/** The first backreference, lookaround or other backtracking-only construct, if any. */
export function findUnsupported(pattern: string): Unsupported | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        if (end < 0) return null;
        i = end + 1;
        continue;
      }
      if (!inClass) {
        const found = escapeAt(pattern, i);
        if (found) return found;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end > 0) i = end + 1;
      } else if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A ']' right after '[' or '[^' is a literal member, not the end.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      for (const [opener, construct] of GROUP_OPENERS)
        if (pattern.startsWith(opener, i)) return { construct, offset: i };
      if (/^\(\?[+-]?[0-9]/.test(pattern.slice(i, i + 4))) return { construct: 'subroutine call (?N)', offset: i };
    }
    if (/[*+?}]/.test(c ?? '') && pattern[i + 1] === '+')
      return { construct: `possessive quantifier ${c}+`, offset: i };
  }
  return null;
}
