import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import { getApi } from '../../../api';
import { decodeText, fromBase64 } from '../../../lib/bytes';
import { toInfo } from '../../../lib/errors';

const PAGE = 256 * 1024;
/** dump.log can be huge with verbose CRIU; the view stops here. */
const LIMIT = 16 * 1024 * 1024;

export interface LogState {
  text: string | null;
  loaded: number;
  total: number;
  error: ErrorInfo | null;
  busy: boolean;
  more: (() => void) | null;
}

export function useLog(archiveId: string): LogState {
  const [chunks, setChunks] = useState<Uint8Array[]>([]);
  const [loaded, setLoaded] = useState(0);
  const [total, setTotal] = useState(-1);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const read = useCallback(
    (offset: number) => {
      setBusy(true);
      getApi()
        .invoke('archive.log', { archiveId, offset, length: PAGE })
        .then(
          (page) => {
            const bytes = fromBase64(page.data);
            setChunks((c) => (offset === 0 ? [bytes] : [...c, bytes]));
            setLoaded(offset + bytes.length);
            setTotal(page.total);
          },
          (e: unknown) => setError(toInfo(e)),
        )
        .finally(() => setBusy(false));
    },
    [archiveId],
  );

  useEffect(() => read(0), [read]);

  const joined = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  const canMore = total > loaded && loaded < LIMIT && !busy;
  return {
    text: total < 0 ? null : decodeText(joined),
    loaded,
    total,
    error,
    busy,
    more: canMore ? () => read(loaded) : null,
  };
}
