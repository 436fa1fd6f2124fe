// Hits gathered per rule and unit (one VMA of one process, one file): the
// windows of a unit each add the matches that start in them.
import type { YaraHit, YaraMemoryHit, YaraFileHit } from '../../../shared/dto/yara';
import { YARA_MATCH_PREVIEW, YARA_MAX_HITS, YARA_MAX_STRINGS_PER_HIT } from './limits';
import type { StretchMatch } from './scan-windows';

type Unit = Omit<YaraMemoryHit, keyof HitFields> | Omit<YaraFileHit, keyof HitFields>;
type HitFields = Pick<YaraHit, 'rule' | 'ruleFile' | 'tags' | 'address' | 'strings' | 'stringCount'>;

export class HitCollector {
  private readonly byKey = new Map<string, YaraHit>();
  truncated = false;

  /** ruleFiles[i] is the file of namespace `f${i}` (engine.ts). */
  constructor(private readonly ruleFiles: readonly string[]) {}

  add(unitKey: string, unit: Unit, unitStart: number, m: StretchMatch): void {
    const key = `${m.rule.namespace}\0${m.rule.identifier}\0${unitKey}`;
    let hit = this.byKey.get(key);
    if (!hit) {
      if (this.byKey.size >= YARA_MAX_HITS) {
        this.truncated = true;
        return;
      }
      const file = this.ruleFiles[Number(m.rule.namespace.slice(1))] ?? m.rule.namespace;
      const made: YaraHit = {
        ...unit,
        rule: m.rule.identifier,
        ruleFile: file,
        tags: [...m.rule.tags],
        address: m.strings[0]?.address ?? unitStart,
        strings: [],
        stringCount: 0,
      };
      hit = made;
      this.byKey.set(key, made);
    }
    for (const s of m.strings) {
      hit.stringCount++;
      hit.address = Math.min(hit.address, s.address);
      if (hit.strings.length >= YARA_MAX_STRINGS_PER_HIT) continue;
      // s.data points into the scan's reused buffer: copied out now, as hex.
      hit.strings.push({
        identifier: s.identifier,
        address: s.address,
        length: s.length,
        data: Buffer.from(s.data.subarray(0, YARA_MATCH_PREVIEW)).toString('hex'),
      });
    }
  }

  hits(): YaraHit[] {
    return [...this.byKey.values()];
  }
}
