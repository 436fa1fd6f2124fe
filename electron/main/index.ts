/**
 * Composition of the Electron main process: the one place that picks the
 * concrete services (archive registry, containerd adapter, settings) behind
 * the contract. Electron always serves the checkpoint channels.
 */
import { composeCore } from '../ipc/compose';
import { startMainProcess } from './start-main-process';

startMainProcess((options) => composeCore({ ...options, allowCheckpoint: true }), __dirname);
