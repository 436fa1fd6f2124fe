import { limitText, MAX_LISTED_PROBLEMS } from './limits';

/**
 * Problem messages of one image, at most MAX_LISTED_PROBLEMS of each kind:
 * a hostile image can hold a million bad entries, and a million messages
 * would be a blow-up of their own. The rest of a kind is counted, never
 * dropped: `lines()` closes each kind with how many more there were.
 */
export class ListedProblems {
  private readonly listed: string[] = [];
  private readonly counts = new Map<string, number>();

  /** `message` is built only for the problems that are listed. */
  add(kind: string, message: () => string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_LISTED_PROBLEMS) this.listed.push(message());
  }

  lines(): string[] {
    const out = [...this.listed];
    for (const [kind, n] of this.counts) {
      if (n > MAX_LISTED_PROBLEMS)
        out.push(`${n - MAX_LISTED_PROBLEMS} more ${kind} not listed (${limitText('MAX_LISTED_PROBLEMS')} per kind)`);
    }
    return out;
  }
}
