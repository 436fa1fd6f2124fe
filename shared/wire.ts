import type { Envelope } from './envelope';

/**
 * The browser host's protocol: the contract over one WebSocket at WS_PATH,
 * plus two plain HTTP routes for bytes (upload to open, download to save).
 */
export const WS_PATH = '/api/ws';
export const UPLOAD_PATH = '/api/upload';
export const DOWNLOAD_PATH = '/api/rootfs-file';
/** GET ?archiveId&pid&start&end: a range of a process's memory as a raw file (refused when not all in the checkpoint). */
export const MEMORY_DOWNLOAD_PATH = '/api/memory-range';
/** GET ?archiveId&pid: the ELF core file of a process (core.PID), streamed as a 'coredump' job (progress, cancel). */
export const COREDUMP_DOWNLOAD_PATH = '/api/core-file';
export const TOKEN_COOKIE = 'ci_token';

export type ClientMessage = { type: 'invoke'; id: number; channel: string; args: unknown };

export type ServerMessage =
  { type: 'result'; id: number; envelope: Envelope<unknown> } | { type: 'event'; event: string; payload: unknown };
