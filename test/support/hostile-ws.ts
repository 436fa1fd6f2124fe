// One call over the browser host's WebSocket under the hostile budget
// (issue 18): a failure when no answer comes within HOSTILE_BUDGET.ms; the
// envelope and its size, to check that every answer is bounded.
import type { WebSocket } from 'ws';
import type { Envelope } from '../../shared/envelope';
import { invokeOverWs } from '../unit/serve/http-client';
import { HOSTILE_BUDGET } from './run-cli-process';

export async function hostileCall(
  ws: WebSocket,
  channel: string,
  args: unknown,
): Promise<{ env: Envelope<unknown>; bytes: number }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${channel} gave no answer in ${HOSTILE_BUDGET.ms} ms`)),
      HOSTILE_BUDGET.ms,
    );
  });
  try {
    const env = (await Promise.race([invokeOverWs(ws, channel, args), late])) as Envelope<unknown>;
    return { env, bytes: Buffer.byteLength(JSON.stringify(env)) };
  } finally {
    clearTimeout(timer);
  }
}
