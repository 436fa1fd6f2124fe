import { describe, expect, it } from 'vitest';
import { compileRules, nameRule, RULES, textHits } from '../../../electron/inspect/findings/rules';
import { maskValue } from '../../../electron/inspect/findings/mask';

/** A valid rule definition to vary one field of. */
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
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: '(' }] })).toThrow();
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: 'a', severity: 'huge' }] })).toThrow();
  });

  it('refuses at load a rule the linear-time engine cannot run, naming the construct', () => {
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: '(?<![a-z])key' }] })).toThrow(
      /negative lookbehind/,
    );
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: '(a)\\1' }] })).toThrow(/backreference/);
    expect(() => compileRules({ version: 1, rules: [{ ...base, pattern: 'a(b)', group: 2 }] })).toThrow(/group 2/);
  });

  it('runs every rule over hostile text without backtracking: runs of newlines, eyJ and base64 chars', () => {
    const hostile = [
      `password =${'\n'.repeat(1 << 20)}x`,
      `${'eyJ'.repeat(1 << 19)}.`,
      `Bearer ${'A'.repeat(1 << 20)}`,
      `aws_secret_access_key=${'/'.repeat(1 << 20)}`,
      `postgres://${'a'.repeat(1 << 20)}`,
    ];
    for (const text of hostile) {
      for (const source of ['rootfs', 'cmdline', 'memory'] as const)
        expect(textHits(text, source).length).toBeLessThan(5);
    }
    // A long token is still found, from its start.
    const long = `Bearer ${'A'.repeat(5000)}`;
    expect(textHits(long, 'rootfs').map((h) => [h.rule.id, h.index, h.value.length])).toEqual([
      ['bearer-token', 7, 5000],
    ]);
  });

  it('keeps the value and its line when the rule needs the char before or after it', () => {
    expect(textHits('x\nDB_PASSWORD: "s3cret-pass"', 'rootfs').map((h) => [h.value, h.index])).toEqual([
      ['s3cret-pass', 16],
    ]);
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(textHits(`AWS_SECRET_ACCESS_KEY=${key}`, 'rootfs').map((h) => h.value)).toEqual([key]);
    expect(textHits(`AWS_SECRET_ACCESS_KEY=${key}A`, 'rootfs')).toEqual([]);
  });
});

describe('maskValue', () => {
  it('keeps only a short prefix and suffix of long values', () => {
    expect(maskValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('wJal••••••••••••EY');
    expect(maskValue('short')).toBe('•••••');
    expect(maskValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).not.toContain('EXAMPLE');
  });
});
