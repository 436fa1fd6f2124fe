import { describe, expect, it } from 'vitest';
import { compileRules, nameRule, RULES, textHits } from '../../../electron/inspect/findings/rules';
import { maskValue } from '../../../electron/inspect/findings/mask';

describe('rules.json', () => {
  it('has unique ids and at least one rule per kind of secret the issue names', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['private-key', 'aws-access-key-id', 'jwt', 'bearer-token', 'cmdline-password', 'secret-env-name'])
      expect(ids).toContain(id);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const source = [...rule.sources][0]!;
      for (const example of rule.def.examples.match) {
        it(`matches ${JSON.stringify(example).slice(0, 60)}`, () => {
          const hit = rule.target === 'name' ? nameRule(example, source, [rule]) : textHits(example, source, [rule])[0];
          expect(hit).toBeTruthy();
        });
      }
      for (const example of rule.def.examples.noMatch) {
        it(`does not match ${JSON.stringify(example).slice(0, 60)}`, () => {
          const hit = rule.target === 'name' ? nameRule(example, source, [rule]) : textHits(example, source, [rule])[0];
          expect(hit ?? null).toBeNull();
        });
      }
    });
  }

  it('takes the capture group as the value', () => {
    const hits = textHits('postgres://app:s3cr3t@db/app', 'cmdline');
    expect(hits.map((h) => [h.rule.id, h.value])).toEqual([['url-credentials', 's3cr3t']]);
  });

  it('rejects a rules file with a broken pattern or field', () => {
    const base = {
      id: 'x',
      title: 'X',
      severity: 'high',
      target: 'text',
      sources: ['memory'],
      flags: '',
      group: 0,
      examples: { match: ['a'], noMatch: ['b'] },
    };
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: '(' }] })).toThrow();
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: 'a', severity: 'huge' }] })).toThrow();
  });
});

describe('maskValue', () => {
  it('keeps only a short prefix and suffix of long values', () => {
    expect(maskValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('wJal••••••••••••EY');
    expect(maskValue('short')).toBe('•••••');
    expect(maskValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).not.toContain('EXAMPLE');
  });
});
