import { useEffect, useState } from 'react';
import type { CheckpointPlan, CheckpointVia, ContainerInfo } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { getApi } from '../../api';
import { toInfo } from '../../lib/errors';

export interface PlanQuestion {
  folder: string;
  via: CheckpointVia;
  leaveRunning: boolean;
  tcpEstablished: boolean;
}

export interface PlanAnswer {
  /** The core's last answer (null before the first); `current` says whether it answers the question as it stands. */
  plan: CheckpointPlan | null;
  current: boolean;
  /** The question could not be asked (host gone, a bad argument). */
  error: ErrorInfo | null;
  /** Asks again (after the folder was made). */
  recheck: () => void;
}

/** Typing settles for this long before the core is asked. */
const SETTLE_MS = 200;

/** The checkpoint dialog's live check (checkpoint.plan): only the answer to the question shown counts. */
export function useCheckpointPlan(container: ContainerInfo, q: PlanQuestion): PlanAnswer {
  const [answer, setAnswer] = useState<{ key: string; plan: CheckpointPlan | null; error: ErrorInfo | null } | null>(
    null,
  );
  const [round, setRound] = useState(0);
  const folder = q.folder.trim();
  const key = JSON.stringify([
    container.namespace,
    container.id,
    folder,
    q.via,
    q.leaveRunning,
    q.tcpEstablished,
    round,
  ]);

  useEffect(() => {
    if (!folder) return;
    let live = true;
    const timer = setTimeout(() => {
      getApi()
        .invoke('checkpoint.plan', {
          containerId: container.id,
          namespace: container.namespace,
          via: q.via,
          leaveRunning: q.leaveRunning,
          tcpEstablished: q.tcpEstablished,
          folder,
        })
        .then(
          (plan) => live && setAnswer({ key, plan, error: null }),
          (error: unknown) => live && setAnswer({ key, plan: null, error: toInfo(error) }),
        );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key holds every input of the question.
  }, [key]);

  const recheck = () => setRound((r) => r + 1);
  if (!folder)
    return {
      plan: null,
      current: false,
      error: { code: 'INVALID_ARGUMENT', message: 'give the folder the archive goes to' },
      recheck,
    };
  // While a new question is asked, the last answer stays shown (marked stale), so the dialog does not flicker.
  if (answer?.key !== key) return { plan: answer?.plan ?? null, current: false, error: null, recheck };
  return { plan: answer.plan, current: true, error: answer.error, recheck };
}
