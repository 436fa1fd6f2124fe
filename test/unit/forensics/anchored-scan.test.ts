import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachRuleMatch, RuleText } from '../../../electron/inspect/findings/anchored-scan';
import { RULES, type Rule } from '../../../electron/inspect/findings/rules';
import type { LinearMatch, MatchOptions } from '../../../electron/inspect/search/linear-regex';

const anchorsOf = (r: Rule) => r.def.anchors ?? [];
const anchored = RULES.filter((r) => anchorsOf(r).length > 0);

function collect(scan: (emit: (m: LinearMatch) => boolean) => void): LinearMatch[] {
  const out: LinearMatch[] = [];
  scan((m) => out.push(m) < 1000);
  return out;
}

function both(rule: Rule, text: string, opts: MatchOptions) {
  return {
    whole: collect((emit) => rule.regex.forEachMatch(text, opts, emit)),
    near: collect((emit) => forEachRuleMatch(rule, new RuleText(text), opts, emit)),
  };
}

describe('rule anchors', () => {
  it('most memory rules have anchors, so memory is scanned at indexOf speed', () => {
    const memory = RULES.filter((r) => r.target === 'text' && r.sources.has('memory'));
    expect(memory.filter((r) => anchorsOf(r).length === 0).map((r) => r.id)).toEqual([]);
  });

  it.each(anchored.map((r) => [r.id, r] as const))('every example match of %s holds one of its anchors', (_, rule) => {
    for (const example of rule.def.examples.match) {
      const hay = rule.caseless ? example.toLowerCase() : example;
      expect(anchorsOf(rule).some((a) => hay.includes(rule.caseless ? a.toLowerCase() : a))).toBe(true);
    }
  });

  it.each(anchored.map((r) => [r.id, r] as const))(
    '%s finds near its anchors what a whole-text scan finds',
    (_, rule) => {
      const pieces = [
        ...rule.def.examples.match,
        ...rule.def.examples.noMatch,
        ...anchorsOf(rule),
        ...anchorsOf(rule).map((a) => a.toUpperCase()),
        ' ',
        '\n',
        '=',
        '"',
        'x'.repeat(30),
      ];
      const text = fc
        .array(
          fc.oneof(
            fc.constantFrom(...pieces),
            fc.string({ maxLength: 12 }),
            fc.stringMatching(/^[A-Za-z0-9/+_-]{1,50}$/),
          ),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(text, fc.constantFrom(512, 4096), fc.boolean(), fc.nat(), (hay, maxLength, final, cut) => {
          const until = cut % (hay.length + 1);
          const opts = { maxLength, group: rule.group, final, until };
          const { whole, near } = both(rule, hay, opts);
          expect(near).toEqual(whole);
        }),
        { numRuns: 400, seed: 0x5eed },
      );
    },
  );

  it('finds a secret planted far into a large text with no other anchor', () => {
    const rule = RULES.find((r) => r.id === 'aws-access-key-id')!;
    const text = `${'\0'.repeat(3_000_000)} AKIAABCDEFGHIJKLMNOP ${'z'.repeat(1000)}`;
    const { whole, near } = both(rule, text, { maxLength: 512 });
    expect(near).toEqual(whole);
    expect(near.map((m) => text.slice(m.start, m.end))).toEqual(['AKIAABCDEFGHIJKLMNOP']);
  });
});
