import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { setArchiveTab } from './archives-store';

/** A request to show one address of one process in the Memory tab's hex viewer. */
export interface MemoryJump {
  pid: number;
  address: number;
  /** Bytes highlighted from `address` (a search match's length). */
  length: number;
  /** Grows with each request, so that the same address twice jumps twice. */
  seq: number;
}

const store = createStore<{ jumps: Record<string, MemoryJump> }>()(() => ({ jumps: {} }));
let seq = 0;

export const useMemoryJump = (archiveId: string) => useStore(store, (s) => s.jumps[archiveId] ?? null);

/** Switches the archive to its Memory tab with the process selected and the hex viewer at `address`. */
export function jumpToMemory(archiveId: string, pid: number, address: number, length = 1): void {
  seq += 1;
  store.setState((s) => ({ jumps: { ...s.jumps, [archiveId]: { pid, address, length, seq } } }));
  setArchiveTab(archiveId, 'memory');
}
