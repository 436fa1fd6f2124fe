// Every way out of a host process (SIGINT, a second SIGINT, SIGTERM, SIGHUP,
// an uncaught exception; Electron's quit goes through quit-guard in main/)
// first cancels the checkpoints in flight and waits until each has undone
// what it did: resumed the container it paused, released its lease, removed
// its partial files. Only then does the process exit, with 128 + the signal's
// number. One module for all hosts: the CLI, the browser host, Electron.

/** Checkpoints running in this process, each with its cancel. */
export class CheckpointsInFlight {
  private readonly running = new Set<{ cancel: () => void; done: Promise<unknown> }>();

  /** Tracks `done` until it settles; `cancel` asks it to stop (it still cleans up before settling). */
  track<T>(cancel: () => void, done: Promise<T>): Promise<T> {
    const item = { cancel, done };
    this.running.add(item);
    const forget = () => this.running.delete(item);
    done.then(forget, forget);
    return done;
  }

  get count(): number {
    return this.running.size;
  }

  cancelAll(): void {
    for (const item of this.running) item.cancel();
  }

  /** Resolves once nothing is in flight (work started meanwhile is waited for too). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running].map((r) => r.done));
  }
}

/** 128 + the signal's number: what a shell reports for a process the signal ended. */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;
const STOP_SIGNALS = Object.keys(SIGNAL_EXIT) as StopSignal[];

export const SHUTDOWN_TEXT = {
  stopping: 'stopping the checkpoint: resuming the container and removing partial files before exit',
  stillResuming: 'still resuming the container, please wait',
} as const;

/** The part of `process` this uses (a fake in tests). */
interface ProcessLike {
  on(event: string, listener: (arg: unknown) => void): unknown;
  off(event: string, listener: (arg: unknown) => void): unknown;
  exit(code?: number): void;
}

export interface ShutdownOptions {
  inFlight: CheckpointsInFlight;
  /** One line for the user (CLI: stderr; app hosts: their log and a notice). */
  say: (line: string) => void;
  proc?: ProcessLike;
  /** The host's own stop once the checkpoints are undone (default: exit with the code). */
  stop?: (code: number) => void | Promise<void>;
  /** Also stop this way on an uncaught exception (exit 1); default true. */
  exceptions?: boolean;
}

export interface Shutdown {
  /** The exit code once a stop began, else null. */
  readonly exitCode: number | null;
  /** Resolves with the exit code after the stop's cleanup (never, when no stop comes). */
  readonly stopped: Promise<number>;
  dispose(): void;
}

export function installShutdown(options: ShutdownOptions): Shutdown {
  const proc: ProcessLike = options.proc ?? process;
  const { inFlight, say } = options;
  const stop = options.stop ?? ((code: number) => proc.exit(code));
  let exitCode: number | null = null;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));

  const begin = (code: number, why: string) => {
    if (exitCode !== null) {
      if (inFlight.count > 0) say(`${why}: ${SHUTDOWN_TEXT.stillResuming}`);
      return;
    }
    exitCode = code;
    if (inFlight.count > 0) {
      say(`${why}: ${SHUTDOWN_TEXT.stopping}`);
      inFlight.cancelAll();
    }
    void inFlight
      .settled()
      .then(() => stop(code))
      .catch(() => proc.exit(code))
      .finally(() => resolveStopped(code));
  };

  const onSignal = new Map(STOP_SIGNALS.map((s) => [s, () => begin(SIGNAL_EXIT[s], s)] as const));
  const onException = (error: unknown) => {
    say(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    begin(1, 'after the error');
  };
  for (const [signal, handler] of onSignal) proc.on(signal, handler);
  const exceptions = options.exceptions ?? true;
  if (exceptions) proc.on('uncaughtException', onException);

  return {
    get exitCode() {
      return exitCode;
    },
    stopped,
    dispose: () => {
      for (const [signal, handler] of onSignal) proc.off(signal, handler);
      if (exceptions) proc.off('uncaughtException', onException);
    },
  };
}
