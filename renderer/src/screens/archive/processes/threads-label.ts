/** The Threads section's text: a bare "1" said nothing; this names what the numbers are. */
export function threadsLabel(threads: readonly number[], pid: number): string {
  if (threads.length === 0) return 'No threads recorded in the checkpoint';
  const count = threads.length === 1 ? '1 thread' : `${threads.length} threads`;
  const ids = threads.map((tid) => (tid === pid ? `${tid} (main thread)` : String(tid))).join(', ');
  return `${count}, thread ids (TID): ${ids}`;
}
