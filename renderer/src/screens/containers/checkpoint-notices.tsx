import { AlertTriangle, Info } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { CheckpointNotice } from '../../../../shared/dto';
import { getApi } from '../../api';

/** At most this many are shown, newest last. */
const MAX_SHOWN = 10;

/**
 * What the host did about checkpoints a killed process of ours left
 * unfinished (resumed a container, released a lease, removed temp files), or
 * what it could not do yet; and the notices of a checkpoint being stopped.
 */
export function CheckpointNotices() {
  const [notices, setNotices] = useState<CheckpointNotice[]>([]);
  useEffect(() => {
    const api = getApi();
    let live = true;
    const off = api.on('checkpoint.notice', (n) => setNotices((old) => [...old, n].slice(-MAX_SHOWN)));
    api.invoke('checkpoint.notices', {}).then(
      (list) => {
        if (live)
          setNotices((old) =>
            [...list, ...old.filter((n) => !list.some((l) => l.at === n.at && l.message === n.message))].slice(
              -MAX_SHOWN,
            ),
          );
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, []);
  if (notices.length === 0) return null;
  return (
    <div className="problems-banner" role="status" data-testid="checkpoint-notices">
      <ul>
        {notices.map((n, i) => (
          <li key={i} data-testid="checkpoint-notice">
            {n.ok ? <Info size={13} aria-hidden /> : <AlertTriangle size={13} aria-hidden />}{' '}
            <span className="problem-message">{n.message}</span>
          </li>
        ))}
      </ul>
      <button className="btn small" onClick={() => setNotices([])}>
        Dismiss
      </button>
    </div>
  );
}
