// gRPC clients for the testbed over containerd's unix socket, built from the
// project's own .proto files in electron/containerd/proto/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const protoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../electron/containerd/proto');

const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoDir],
};

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response: unknown) => void,
) => void;

export interface UnaryClient {
  call<T>(method: string, request?: object, timeoutMs?: number): Promise<T>;
  close(): void;
}

function loadService(file: string, servicePath: string[]): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(file, loaderOptions);
  let node: unknown = grpc.loadPackageDefinition(definition);
  for (const part of servicePath) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

function makeClient(ctor: grpc.ServiceClientConstructor, socket: string, namespace: string | undefined): UnaryClient {
  const client = new ctor(`unix://${socket}`, grpc.credentials.createInsecure());
  return {
    call<T>(method: string, request: object = {}, timeoutMs = 30_000): Promise<T> {
      const metadata = new grpc.Metadata();
      if (namespace) metadata.set('containerd-namespace', namespace);
      const fn = (client as unknown as Record<string, Unary>)[method];
      if (typeof fn !== 'function') return Promise.reject(new Error(`no method ${method}`));
      return new Promise<T>((resolve, reject) => {
        fn.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (err, res) =>
          err ? reject(err) : resolve(res as T),
        );
      });
    },
    close: () => client.close(),
  };
}

let versionCtor: grpc.ServiceClientConstructor | undefined;
let criCtor: grpc.ServiceClientConstructor | undefined;

/** containerd.services.version.v1.Version */
export function containerdVersionClient(socket: string, namespace = 'default'): UnaryClient {
  versionCtor ??= loadService('version.proto', ['containerd', 'services', 'version', 'v1', 'Version']);
  return makeClient(versionCtor, socket, namespace);
}

/** runtime.v1.RuntimeService (CRI); CRI ignores the containerd namespace. */
export function criRuntimeClient(socket: string): UnaryClient {
  criCtor ??= loadService('cri-runtime.proto', ['runtime', 'v1', 'RuntimeService']);
  return makeClient(criCtor, socket, undefined);
}
