import { contract, isChannelName, type ChannelName, type ParsedArgsOf, type ResultOf } from '../../shared/contract';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { Envelope } from '../../shared/envelope';

export type Handler<C extends ChannelName> = (args: ParsedArgsOf<C>) => Promise<ResultOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface DispatchOptions {
  /** Serve the checkpoint channels (false in a read-only browser host). */
  allowCheckpoint: boolean;
}

export type Dispatch = (channel: unknown, args: unknown) => Promise<Envelope<unknown>>;

/**
 * The one generic entry used by every host: checks the channel name, validates
 * the arguments with the channel's schema, calls the handler and wraps the
 * outcome in an envelope. Nothing reaches a handler unvalidated.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions): Dispatch {
  return async (channel, rawArgs) => {
    try {
      if (!isChannelName(channel)) {
        throw new AppError('UNKNOWN_CHANNEL', `unknown channel: ${String(channel).slice(0, 80)}`);
      }
      const def = contract[channel];
      if (def.checkpoint && !options.allowCheckpoint) {
        throw new AppError('FORBIDDEN', `${channel} is not served here (checkpointing is not allowed)`);
      }
      const parsed = def.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        throw new AppError('INVALID_ARGUMENT', `invalid arguments for ${channel}`, {
          issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  };
}
