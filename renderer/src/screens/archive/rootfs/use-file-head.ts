import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import { getApi } from '../../../api';
import { fromBase64 } from '../../../lib/bytes';
import { toInfo } from '../../../lib/errors';

const FIRST = 64 * 1024;
const MORE = 512 * 1024;
/** A text preview stops growing here; beyond it the hex view pages through the rest. */
export const TEXT_LIMIT = 8 * 1024 * 1024;

export interface FileHead {
  bytes: Uint8Array | null;
  total: number;
  error: ErrorInfo | null;
  loadingMore: boolean;
  more: () => void;
}

/** The first bytes of a rootfs file, and more on request: never the whole file at once. */
export function useFileHead(archiveId: string, path: string): FileHead {
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let live = true;
    setBytes(null);
    setError(null);
    getApi()
      .invoke('inspect.readRootfsFile', { archiveId, path, offset: 0, length: FIRST })
      .then(
        (page) => {
          if (!live) return;
          setBytes(fromBase64(page.data));
          setTotal(page.total);
        },
        (e: unknown) => live && setError(toInfo(e)),
      );
    return () => {
      live = false;
    };
  }, [archiveId, path]);

  const more = useCallback(() => {
    if (!bytes || bytes.length >= total || bytes.length >= TEXT_LIMIT) return;
    setLoadingMore(true);
    getApi()
      .invoke('inspect.readRootfsFile', { archiveId, path, offset: bytes.length, length: MORE })
      .then(
        (page) => {
          const next = fromBase64(page.data);
          const joined = new Uint8Array(bytes.length + next.length);
          joined.set(bytes);
          joined.set(next, bytes.length);
          setBytes(joined);
        },
        (e: unknown) => setError(toInfo(e)),
      )
      .finally(() => setLoadingMore(false));
  }, [archiveId, path, bytes, total]);

  return { bytes, total, error, loadingMore, more };
}
