export { createContainerdClient, type ContainerdClient, type ContainerdClientOptions } from './client';
export { DEFAULT_SOCKET, resolveSocketPath } from './address';
export { CONNECTED_TOPIC, type ContainerdEvent } from './watch';
export { toContainerInfo, joinContainersAndTasks, LABEL } from './container-info';
export type { ContainerRecord, ProcessRecord, Descriptor, Mount } from './messages';
export type { Rpc, CallOptions } from './rpc';
