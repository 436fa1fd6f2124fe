import { fileFromArgv, toAbsolutePath } from './argv';

/** What the first instance receives from a second launch. */
export interface InstanceHandoff {
  file: string | null;
}

export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
  quit(): void;
}

/** The path a second instance hands over: its additionalData first, its argv as a fallback. */
export function fileFromHandoff(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  hasAppArgument: boolean,
): string | null {
  if (typeof additionalData === 'object' && additionalData !== null && 'file' in additionalData) {
    const { file } = additionalData;
    if (typeof file === 'string') return toAbsolutePath(file, workingDirectory);
    if (file === null) return null;
  }
  return fileFromArgv(argv, { hasAppArgument, cwd: workingDirectory });
}

/**
 * One app, one window: a second launch passes its file to the first and
 * quits. Returns false when this process is the second one (and is quitting).
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  ownFile: string | null,
  hasAppArgument: boolean,
  onSecondInstance: (file: string | null) => void,
): boolean {
  const handoff: InstanceHandoff = { file: ownFile };
  if (!app.requestSingleInstanceLock({ ...handoff })) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    onSecondInstance(fileFromHandoff(argv, workingDirectory, additionalData, hasAppArgument));
  });
  return true;
}
