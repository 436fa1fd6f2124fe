import type { ProblemInfo } from '../../shared/dto';
import { limitText, MAX_FILE_ROWS, MAX_FILE_VIEW_CHARS } from './limits';

/**
 * The bound of a descriptor view (files, sockets): at most MAX_FILE_ROWS
 * rows and MAX_FILE_VIEW_CHARS characters of names. Descriptor tables are
 * shared between processes and descriptors share file entries, so a small
 * image can stand for millions of rows of long names: the view stops at the
 * bound and says so, naming the limit and how much was left out.
 */
export class RowBudget {
  private rows = 0;
  private offered = 0;
  private chars = 0;
  private stop: 'MAX_FILE_ROWS' | 'MAX_FILE_VIEW_CHARS' | null = null;

  constructor(private readonly view: string) {}

  /** Whether one more row of `chars` characters of names fits; rows past the bound are still counted. */
  take(chars: number): boolean {
    this.offered++;
    if (this.stop) return false;
    if (this.rows >= MAX_FILE_ROWS) this.stop = 'MAX_FILE_ROWS';
    else if (this.chars + chars > MAX_FILE_VIEW_CHARS) this.stop = 'MAX_FILE_VIEW_CHARS';
    if (this.stop) return false;
    this.rows++;
    this.chars += chars;
    return true;
  }

  problems(where: string): ProblemInfo[] {
    if (!this.stop) return [];
    const left = this.offered - this.rows;
    return [
      {
        where,
        code: 'LIMIT_EXCEEDED',
        message: `the ${this.view} view stops at ${this.rows} of ${this.offered} descriptors (${limitText(this.stop)}): ${left} not listed`,
      },
    ];
  }
}
