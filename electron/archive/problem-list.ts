import type { ProblemCode } from '../../shared/errors';
import type { ArchiveProblem } from './index';

const MAX_PROBLEMS = 1000;

/** Problems are attacker-multipliable (a duplicate name per member): keep the first ones and a count. */
export class ProblemList {
  private readonly items: ArchiveProblem[] = [];
  private dropped = 0;

  add(where: string, code: ProblemCode, message: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ where, code, message });
    else this.dropped++;
  }

  list(): ArchiveProblem[] {
    if (this.dropped === 0) return [...this.items];
    return [
      ...this.items,
      { where: 'archive', code: 'TOO_MANY_PROBLEMS', message: `${this.dropped} more problems not listed` },
    ];
  }
}
