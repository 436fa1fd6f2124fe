// Electron's quit (menu, last window closed, SIGINT/SIGTERM/SIGHUP) waits for
// the core's dispose, which stops the checkpoints in flight and waits until
// each resumed its container and released its lease. before-quit and
// will-quit are held (preventDefault) until then; a second quit meanwhile
// only says to wait. (An uncaught exception does not end this process:
// error-log.ts reports it and the app goes on.)
import type { App } from 'electron';
import { installShutdown, SHUTDOWN_TEXT, type CheckpointsInFlight } from '../app/checkpoint-shutdown';

type QuitApp = Pick<App, 'on' | 'quit' | 'exit'>;

export interface QuitGuardOptions {
  checkpoints: CheckpointsInFlight;
  /** The core's dispose (resolves at once before the core exists). */
  dispose(): Promise<void>;
  /** A notice for the user (the window, when there is one) and the log. */
  notify: (message: string) => void;
  log: (context: string, error: unknown) => void;
  proc?: Parameters<typeof installShutdown>[0]['proc'];
}

export function guardQuit(app: QuitApp, options: QuitGuardOptions): () => void {
  let state: 'running' | 'stopping' | 'done' = 'running';
  let exitCode = 0;
  const busy = () => options.checkpoints.count > 0;

  const hold = (event: { preventDefault(): void }) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'stopping') {
      if (busy()) options.notify(SHUTDOWN_TEXT.stillResuming);
      return;
    }
    state = 'stopping';
    if (busy()) options.notify(SHUTDOWN_TEXT.stopping);
    options
      .dispose()
      .catch((error: unknown) => options.log('dispose', error))
      .finally(() => {
        state = 'done';
        // exit, not quit: the windows are gone or going, and the code is the signal's.
        app.exit(exitCode);
      });
  };
  app.on('before-quit', hold);
  app.on('will-quit', hold);

  // A signal stops the checkpoints, then takes the same way out, through app.quit().
  const shutdown = installShutdown({
    inFlight: options.checkpoints,
    say: options.notify,
    exceptions: false,
    stop: (code) => {
      exitCode = code;
      app.quit();
    },
    ...(options.proc ? { proc: options.proc } : {}),
  });
  return () => shutdown.dispose();
}
