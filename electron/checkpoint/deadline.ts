// One signal for a checkpoint job: the user's cancel or the job's timeout,
// whichever comes first, and the error that names which one it was.
import { AppError } from '../../shared/errors';

export class JobDeadline {
  readonly signal: AbortSignal;
  private readonly endsAt: number;
  private readonly timer: AbortController;
  private readonly handle: ReturnType<typeof setTimeout>;

  constructor(
    private readonly cancel: AbortSignal,
    readonly timeoutSeconds: number,
  ) {
    const ms = Math.max(1, Math.round(timeoutSeconds * 1000));
    this.endsAt = Date.now() + ms;
    this.timer = new AbortController();
    this.handle = setTimeout(() => this.timer.abort(), ms);
    this.handle.unref?.();
    this.signal = AbortSignal.any([cancel, this.timer.signal]);
  }

  remainingMs(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** The error to report once the signal fired, or null while it has not. */
  reason(): AppError | null {
    if (this.cancel.aborted) return new AppError('CANCELLED', 'checkpoint cancelled');
    if (this.timer.signal.aborted) {
      return new AppError('TIMEOUT', `checkpoint did not finish within ${this.timeoutSeconds} s`);
    }
    return null;
  }

  /** Throws CANCELLED or TIMEOUT if either happened. */
  check(): void {
    const r = this.reason();
    if (r) throw r;
  }

  /** Prefers CANCELLED/TIMEOUT over the error a call failed with because of them. */
  explain(error: unknown): unknown {
    return this.reason() ?? error;
  }

  dispose(): void {
    clearTimeout(this.handle);
  }
}
