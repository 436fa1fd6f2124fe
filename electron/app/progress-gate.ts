/** At most one progress event per this many ms; the last one always passes. */
const PROGRESS_MS = 100;

/** A gate for one job's progress events: true when this one should be sent. */
export function progressGate(): (final: boolean) => boolean {
  let last = 0;
  return (final) => {
    const now = Date.now();
    if (!final && now - last < PROGRESS_MS) return false;
    last = now;
    return true;
  };
}
