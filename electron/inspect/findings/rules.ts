import { z } from 'zod';
import type { FindingSeverity, FindingSource } from '../../../shared/dto/forensics';
import { compileLinearRegex, type LinearRegex } from '../search/linear-regex';
import { anchorNeedles, forEachRuleMatch, RuleText } from './anchored-scan';
import rulesFile from './rules.json';

/** A rule's match is found whole up to this long in a text (the longest JWT the rule describes fits). */
const MAX_RULE_MATCH = 16 * 1024;

const source = z.enum(['environment', 'cmdline', 'memory', 'rootfs', 'spec', 'config']);
const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    severity: z.enum(['high', 'medium', 'low']),
    /** 'text': the pattern is looked for in values; 'name': it judges a variable's name. */
    target: z.enum(['text', 'name']),
    sources: z.array(source).min(1),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/),
    /** Capture group holding the secret value (0: the whole match). */
    group: z.number().int().min(0).max(9),
    /**
     * Literals one of which every match contains (lower case when the rule is caseless):
     * the regex then runs only near them. Omit when no literal is certain.
     */
    anchors: z.array(z.string().min(2)).optional(),
    examples: z.object({ match: z.array(z.string()).min(1), noMatch: z.array(z.string()).min(1) }),
  })
  .strict();
const fileSchema = z.object({ version: z.literal(1), rules: z.array(ruleSchema).min(1) }).strict();

export type RuleDef = z.infer<typeof ruleSchema>;

export interface Rule {
  id: string;
  title: string;
  severity: FindingSeverity;
  target: 'text' | 'name';
  sources: ReadonlySet<FindingSource>;
  group: number;
  /** On the linear-time engine; holds no state between calls. */
  regex: LinearRegex;
  /** What is looked for: the schema's `anchors` as bytes, in every case form when the rule is caseless; empty: the regex runs over the whole text. */
  needles: readonly Buffer[];
  caseless: boolean;
  def: RuleDef;
}

export function compileRules(raw: unknown): Rule[] {
  const parsed = fileSchema.parse(raw);
  return parsed.rules.map((def) => {
    // Compiled once up front so a broken pattern fails at load, not mid-scan. 'u' changes nothing over bytes.
    const caseless = def.flags.includes('i');
    const regex = compileLinearRegex(def.pattern, {
      ignoreCase: caseless,
      dotAll: def.flags.includes('s'),
      multiline: def.flags.includes('m'),
    });
    if (def.group > regex.groupCount)
      throw new Error(`rule ${def.id}: group ${def.group} is not in its pattern (${regex.groupCount} groups)`);
    return {
      id: def.id,
      title: def.title,
      severity: def.severity,
      target: def.target,
      sources: new Set(def.sources),
      group: def.group,
      regex,
      needles: anchorNeedles(def.anchors ?? [], caseless),
      caseless,
      def,
    };
  });
}

/** The rules shipped in rules.json, in priority order (the first rule to claim a value names it). */
export const RULES: readonly Rule[] = compileRules(rulesFile);

export interface TextHit {
  rule: Rule;
  value: string;
  index: number;
}

/**
 * Every value the text rules for `source` find in `text`, at most `limit`;
 * `index` is where the value starts.
 */
export function textHits(text: string, source: FindingSource, rules: readonly Rule[] = RULES, limit = 1000): TextHit[] {
  const out: TextHit[] = [];
  const t = new RuleText(text);
  for (const rule of rules) {
    if (out.length >= limit) break;
    if (rule.target !== 'text' || !rule.sources.has(source)) continue;
    forEachRuleMatch(rule, t, { maxLength: MAX_RULE_MATCH, group: rule.group }, (m) => {
      const [from, to] = m.groupStart < 0 ? [m.start, m.end] : [m.groupStart, m.groupEnd];
      if (to > from) out.push({ rule, value: text.slice(from, to), index: from });
      return out.length < limit;
    });
  }
  return out;
}

/** The name rule that says a variable called `name` holds a credential, if any. */
export function nameRule(name: string, source: FindingSource, rules: readonly Rule[] = RULES): Rule | null {
  for (const rule of rules) {
    if (rule.target === 'name' && rule.sources.has(source) && rule.regex.test(name)) return rule;
  }
  return null;
}
