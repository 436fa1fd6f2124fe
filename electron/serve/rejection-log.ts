// One failed operation never kills the browser host: an unhandled rejection is
// logged (one line, clipped: messages can carry archive text) and serving goes
// on. Node's default for one is to exit 1, taking every open tab with it.
import { terminalSafe } from '../../shared/terminal-safe';

export function logUnhandledRejections(
  proc: Pick<NodeJS.Process, 'on' | 'off'>,
  write: (line: string) => void = (line) => process.stderr.write(line),
): () => void {
  const onRejection = (reason: unknown) => {
    const code =
      reason instanceof Error && 'code' in reason && typeof reason.code === 'string' ? ` [${reason.code}]` : '';
    const text = reason instanceof Error ? `${reason.name}${code}: ${reason.message}` : String(reason);
    write(`checkpoint-inspector serve: unhandled rejection, still serving: ${terminalSafe(text.slice(0, 500))}\n`);
  };
  proc.on('unhandledRejection', onRejection);
  return () => proc.off('unhandledRejection', onRejection);
}
