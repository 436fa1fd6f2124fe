// One gRPC channel to containerd, shared by every service client; each call
// carries the containerd-namespace (and lease) headers and a deadline.
import * as grpc from '@grpc/grpc-js';
import { AppError } from '../../shared/errors';
import { grpcTarget } from './address';
import { mapGrpcError } from './errors';
import { serviceConstructor, type ServiceKey } from './proto-root';

export interface CallOptions {
  namespace?: string | null;
  lease?: string;
  /** Overrides the client's default call timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type UnaryFn = (
  req: unknown,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res: unknown) => void,
) => grpc.ClientUnaryCall;
type StreamFn = (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

const MAX_MESSAGE = 64 * 1024 * 1024;
const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

export class Rpc {
  private readonly clients = new Map<ServiceKey, grpc.Client>();
  private channel: grpc.Channel | undefined;
  private closed = false;

  constructor(
    readonly socketPath: string,
    readonly defaultTimeoutMs: number,
  ) {}

  private client(key: ServiceKey): grpc.Client {
    if (this.closed) throw new AppError('CONTAINERD_UNREACHABLE', 'the containerd client is closed');
    let c = this.clients.get(key);
    if (!c) {
      const Ctor = serviceConstructor(key);
      const options: grpc.ClientOptions = {
        'grpc.max_receive_message_length': MAX_MESSAGE,
        'grpc.max_send_message_length': MAX_MESSAGE,
        // HTTP/2's default 64 KiB window makes every large read (Content.Read)
        // wait for a WINDOW_UPDATE round trip per 64 KiB; one window holds a
        // whole content read window (checkpoint/content-blob.ts).
        'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
        // Reconnect quickly after containerd restarts.
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      };
      if (this.channel) options.channelOverride = this.channel;
      c = new Ctor(grpcTarget(this.socketPath), grpc.credentials.createInsecure(), options);
      this.channel ??= c.getChannel() as grpc.Channel;
      this.clients.set(key, c);
    }
    return c;
  }

  private metadata(opts: CallOptions): grpc.Metadata {
    const md = new grpc.Metadata();
    if (opts.namespace) md.set('containerd-namespace', opts.namespace);
    if (opts.lease) md.set('containerd-lease', opts.lease);
    return md;
  }

  unary<Res>(key: ServiceKey, method: string, request: unknown, opts: CallOptions = {}): Promise<Res> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const where = { service: key, method, socketPath: this.socketPath, timeoutMs };
    return new Promise<Res>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new AppError('CANCELLED', 'cancelled'));
      let fn: UnaryFn;
      let client: grpc.Client;
      try {
        client = this.client(key);
        fn = (client as unknown as Record<string, UnaryFn>)[method] as UnaryFn;
        if (typeof fn !== 'function') throw new AppError('INTERNAL', `no method ${key}.${method} in our schemas`);
      } catch (error) {
        return reject(error instanceof AppError ? error : mapGrpcError(error, where));
      }
      const onAbort = () => call.cancel();
      const call = fn.call(client, request, this.metadata(opts), { deadline: Date.now() + timeoutMs }, (err, res) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          if (opts.signal?.aborted) reject(new AppError('CANCELLED', 'cancelled'));
          else reject(mapGrpcError(err, where));
        } else resolve(res as Res);
      });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A server stream; with timeoutMs 0 the stream has no deadline (events). */
  stream<Res>(key: ServiceKey, method: string, request: unknown, opts: CallOptions = {}): ServerStream<Res> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const where = { service: key, method, socketPath: this.socketPath, timeoutMs };
    const client = this.client(key);
    const fn = (client as unknown as Record<string, StreamFn>)[method] as StreamFn;
    const callOpts: grpc.CallOptions = timeoutMs > 0 ? { deadline: Date.now() + timeoutMs } : {};
    const call = fn.call(client, request, this.metadata(opts), callOpts);
    return new ServerStream<Res>(call, (err) => mapGrpcError(err, where), opts.signal);
  }

  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
    this.channel = undefined;
  }
}

/** Wraps a grpc readable stream as an async iterable with mapped errors and cancel. */
export class ServerStream<Res> implements AsyncIterable<Res> {
  constructor(
    readonly call: grpc.ClientReadableStream<unknown>,
    private readonly mapError: (err: unknown) => AppError,
    private readonly signal?: AbortSignal,
  ) {
    // Errors surface through iteration; this keeps an unobserved one from crashing the process.
    call.on('error', () => undefined);
  }

  cancel(): void {
    this.call.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Res> {
    const onAbort = () => this.call.cancel();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const msg of this.call) yield msg as Res;
    } catch (error) {
      if (this.signal?.aborted) throw new AppError('CANCELLED', 'cancelled');
      throw this.mapError(error);
    } finally {
      this.signal?.removeEventListener('abort', onAbort);
    }
  }
}
