export { createContainerdClient, type ContainerdClient } from './client';
export type { ContainerdEvent } from './watch';
