export interface Chunk {
  start: number;
  bytes: Uint8Array;
  /** One flag per 4 KiB page from `start`; null when everything is present (files). */
  present: boolean[] | null;
}

export type ChunkFetcher = (start: number, length: number) => Promise<Chunk>;

type Slot = { state: 'loading' } | { state: 'done'; chunk: Chunk } | { state: 'error'; message: string };

/** Pages of at most 64 KiB, as the contract asks: the viewer reads only what is on screen. */
export const CHUNK = 64 * 1024;
const MAX_SLOTS = 256;

const slots = new Map<string, Slot>();
const listeners = new Set<() => void>();

export function subscribeChunks(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function set(key: string, slot: Slot): void {
  slots.delete(key);
  slots.set(key, slot);
  while (slots.size > MAX_SLOTS) slots.delete(slots.keys().next().value as string);
}

export function getChunk(key: string): Slot | undefined {
  const slot = slots.get(key);
  if (slot?.state === 'done') {
    // Recently used moves to the back of the LRU.
    slots.delete(key);
    slots.set(key, slot);
  }
  return slot;
}

export function requestChunk(key: string, start: number, length: number, fetch: ChunkFetcher): void {
  if (slots.has(key)) return;
  set(key, { state: 'loading' });
  fetch(start, length)
    .then(
      (chunk) => set(key, { state: 'done', chunk }),
      (error: unknown) => set(key, { state: 'error', message: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => listeners.forEach((l) => l()));
}
