import type { Finding, FindingLocation, FindingSource } from '../../../shared/dto/forensics';
import { findingId, maskValue } from './mask';
import { nameRule, RULES, textHits, type Rule } from './rules';

/** Locations kept per finding; the rest are counted, not listed. */
export const MAX_LOCATIONS = 50;
export const MAX_FINDINGS = 5000;
const TRIVIAL = /^(?:true|false|yes|no|on|off|none|null|0|1|-|\*+|x+)$/i;

interface Entry {
  rule: Rule;
  rank: number;
  name: string | null;
  locations: FindingLocation[];
}

export function location(source: FindingSource, where: string, extra: Partial<FindingLocation> = {}): FindingLocation {
  return { source, where, pid: null, address: null, path: null, ...extra };
}

/**
 * Gathers secrets by value: the same value seen in the spec, three
 * processes' environments and memory is one finding with every place it was
 * seen, named by the most specific rule that matched it.
 */
export class FindingCollector {
  private readonly byValue = new Map<string, Entry>();
  private readonly rank = new Map(RULES.map((r, i) => [r.id, i]));

  add(rule: Rule, value: string, name: string | null, where: FindingLocation): void {
    const rank = this.rank.get(rule.id) ?? RULES.length;
    const entry = this.byValue.get(value);
    if (!entry) {
      if (this.byValue.size >= MAX_FINDINGS) return;
      this.byValue.set(value, { rule, rank, name, locations: [where] });
      return;
    }
    if (rank < entry.rank) Object.assign(entry, { rule, rank });
    entry.name ??= name;
    const same = entry.locations.some((l) => l.where === where.where);
    if (!same && entry.locations.length < MAX_LOCATIONS) entry.locations.push(where);
  }

  /** Text rules over a free-form string (a command line, a file, a value). */
  scanText(
    text: string,
    source: FindingSource,
    where: (index: number) => FindingLocation,
    name: string | null = null,
  ): void {
    for (const hit of textHits(text, source)) this.add(hit.rule, hit.value, name, where(hit.index));
  }

  /** A NAME=VALUE pair: text rules over both, and the name rules over the name. */
  scanVariable(name: string, value: string, source: FindingSource, where: FindingLocation): void {
    this.scanText(`${name}=${value}`, source, () => where, name);
    const rule = nameRule(name, source);
    if (rule && value.length >= 4 && !TRIVIAL.test(value)) this.add(rule, value, name, where);
  }

  findings(salt: string): { findings: Finding[]; values: Map<string, string> } {
    const values = new Map<string, string>();
    const findings: Finding[] = [];
    for (const [value, e] of this.byValue) {
      const id = findingId(value, salt);
      values.set(id, value);
      findings.push({
        id,
        ruleId: e.rule.id,
        title: e.rule.title,
        severity: e.rule.severity,
        name: e.name,
        masked: maskValue(value),
        locations: e.locations,
      });
    }
    const order = { high: 0, medium: 1, low: 2 };
    findings.sort(
      (a, b) => order[a.severity] - order[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id),
    );
    return { findings, values };
  }
}
