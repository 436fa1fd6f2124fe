import { contextBridge, webUtils } from 'electron';
import { bridgeSafe } from './bridge-safe';
import { createApi } from './create-api';
import { createIpcTransport } from './bridge';

// Sandboxed preload: only 'electron' may be required, so nothing here imports node:*.
contextBridge.exposeInMainWorld(
  'api',
  bridgeSafe(createApi(createIpcTransport(), (file) => webUtils.getPathForFile(file))),
);
