import { useSyncExternalStore } from 'react';
import type { IntegrityHashes } from '../../../../../shared/dto';
import { peek, queryKey, subscribe } from '../../../lib/query-cache';

/**
 * The member hashes of an archive once the Integrity tab computed them (never
 * starts the job itself: hashing reads every byte, so it runs only when asked).
 */
export function useKnownHashes(archiveId: string): Map<string, string | null> | null {
  const key = queryKey('integrity.hashes', { archiveId });
  const entry = useSyncExternalStore(subscribe, () => peek(key));
  if (entry?.status !== 'done') return null;
  return byName(entry.data as IntegrityHashes);
}

const cache = new WeakMap<IntegrityHashes, Map<string, string | null>>();

function byName(hashes: IntegrityHashes): Map<string, string | null> {
  let map = cache.get(hashes);
  if (!map) cache.set(hashes, (map = new Map(hashes.members.map((m) => [m.name, m.sha256]))));
  return map;
}
