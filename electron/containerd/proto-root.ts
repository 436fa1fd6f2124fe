// Loads our .proto schemas from text (bundled with `?raw`, no runtime file
// paths) into one protobufjs root, and from it the gRPC service constructors.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import googleProtobuf from './proto/google-protobuf.proto?raw';
import types from './proto/types.proto?raw';
import taskTypes from './proto/task-types.proto?raw';
import version from './proto/version.proto?raw';
import namespaces from './proto/namespaces.proto?raw';
import containers from './proto/containers.proto?raw';
import tasks from './proto/tasks.proto?raw';
import images from './proto/images.proto?raw';
import content from './proto/content.proto?raw';
import diff from './proto/diff.proto?raw';
import snapshots from './proto/snapshots.proto?raw';
import leases from './proto/leases.proto?raw';
import events from './proto/events.proto?raw';
import introspection from './proto/introspection.proto?raw';
import runcOptions from './proto/runc-options.proto?raw';
import criRuntime from './proto/cri-runtime.proto?raw';

const SOURCES = [
  googleProtobuf,
  types,
  taskTypes,
  version,
  namespaces,
  containers,
  tasks,
  images,
  content,
  diff,
  snapshots,
  leases,
  events,
  introspection,
  runcOptions,
  criRuntime,
];

export const SERVICE_NAMES = {
  version: 'containerd.services.version.v1.Version',
  namespaces: 'containerd.services.namespaces.v1.Namespaces',
  containers: 'containerd.services.containers.v1.Containers',
  tasks: 'containerd.services.tasks.v1.Tasks',
  images: 'containerd.services.images.v1.Images',
  content: 'containerd.services.content.v1.Content',
  diff: 'containerd.services.diff.v1.Diff',
  snapshots: 'containerd.services.snapshots.v1.Snapshots',
  leases: 'containerd.services.leases.v1.Leases',
  events: 'containerd.services.events.v1.Events',
  introspection: 'containerd.services.introspection.v1.Introspection',
  cri: 'runtime.v1.RuntimeService',
} as const;

export type ServiceKey = keyof typeof SERVICE_NAMES;

let root: protobuf.Root | undefined;
let grpcObject: grpc.GrpcObject | undefined;

/** Every schema in one root; imports between our files resolve by full name. */
export function protoRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    for (const source of SOURCES) protobuf.parse(source, r, { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return root;
}

export function serviceConstructor(key: ServiceKey): grpc.ServiceClientConstructor {
  if (!grpcObject) {
    const definition = protoLoader.fromJSON(protoRoot().toJSON(), {
      keepCase: true,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    grpcObject = grpc.loadPackageDefinition(definition);
  }
  let node: unknown = grpcObject;
  for (const part of SERVICE_NAMES[key].split('.')) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  if (typeof node !== 'function') throw new Error(`service ${SERVICE_NAMES[key]} missing from the schemas`);
  return node as grpc.ServiceClientConstructor;
}

/** Encodes a message of our schemas as a google.protobuf.Any with containerd's type URL (no prefix). */
export function encodeAny(typeName: string, value: Record<string, unknown>): { type_url: string; value: Buffer } {
  const type = protoRoot().lookupType(typeName);
  const err = type.verify(value);
  if (err) throw new Error(`${typeName}: ${err}`);
  return { type_url: typeName, value: Buffer.from(type.encode(type.fromObject(value)).finish()) };
}

/** Decodes a serialized google.protobuf.Any (as containerd stores a checkpoint's spec blob). */
export function decodeAny(bytes: Uint8Array): { type_url: string; value: Uint8Array } {
  const type = protoRoot().lookupType('google.protobuf.Any');
  const msg = type.toObject(type.decode(bytes), { bytes: Uint8Array, defaults: true }) as {
    type_url: string;
    value: Uint8Array;
  };
  return msg;
}
