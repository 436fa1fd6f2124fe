import { AlertTriangle, CheckCircle2, FolderPlus, Info, Loader2 } from 'lucide-react';
import { useState } from 'react';
import type { CheckpointHowPlanned, CheckpointPlan } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { getApi } from '../../api';
import { ErrorView } from '../../components/error-view';
import { toInfo } from '../../lib/errors';
import { formatBytes } from '../../lib/format';

const HOW: Record<CheckpointHowPlanned, string> = {
  cri: "CRI CheckpointContainer: containerd writes the archive into this folder, as kubelet's checkpoints are",
  'native-shared': 'native: CRIU writes its images straight into this folder, which containerd shares with us',
  'native-streamed': "native: CRIU's images stream to us through containerd's content store",
};

function Line({ ok, testId, children }: { ok: boolean | null; testId: string; children: React.ReactNode }) {
  const Icon = ok === null ? Info : ok ? CheckCircle2 : AlertTriangle;
  return (
    <div className="plan-line" data-testid={testId} data-ok={ok === null ? 'info' : String(ok)}>
      <Icon size={14} aria-hidden /> <span>{children}</span>
    </div>
  );
}

/** The dialog's checks before a start: the folder (and making it), whether containerd sees it, the path it implies. */
export function PlanLines({
  plan,
  current,
  error,
  onCreated,
}: {
  plan: CheckpointPlan | null;
  /** false: the plan shown answers an earlier question; a new answer is on its way. */
  current: boolean;
  error: ErrorInfo | null;
  onCreated: () => void;
}) {
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<ErrorInfo | null>(null);
  if (error) return <ErrorView error={error} title="The destination could not be checked" compact />;
  if (!plan)
    return (
      <div className="plan-lines" data-testid="checkpoint-plan" data-state="checking">
        <div className="plan-line muted" data-testid="checkpoint-folder-status">
          <Loader2 className="spin" size={14} aria-hidden /> checking the folder…
        </div>
      </div>
    );

  const create = async () => {
    setCreating(true);
    setCreateError(null);
    try {
      await getApi().invoke('checkpoint.createFolder', { folder: plan.folder });
      onCreated();
    } catch (e) {
      setCreateError(toInfo(e));
    } finally {
      setCreating(false);
    }
  };

  const ready = plan.folderState === 'ready';
  return (
    <div
      className={current ? 'plan-lines' : 'plan-lines stale'}
      data-testid="checkpoint-plan"
      data-state={!current ? 'checking' : ready && !plan.pathError ? 'ready' : 'blocked'}
      aria-busy={!current}
    >
      <Line ok={ready} testId="checkpoint-folder-status">
        <span data-testid="checkpoint-folder-state" data-state={plan.folderState}>
          {ready ? `writable, ${formatBytes(plan.freeBytes)} free` : plan.folderProblem}
        </span>{' '}
        {plan.canCreate && (
          <button
            type="button"
            className="btn"
            onClick={() => void create()}
            disabled={creating}
            data-testid="checkpoint-create-folder"
          >
            <FolderPlus size={14} aria-hidden /> {creating ? 'Creating…' : 'Create folder'}
          </button>
        )}
      </Line>
      {createError && <ErrorView error={createError} title="The folder could not be created" compact />}
      {plan.containerdSees && (
        <Line ok={plan.containerdSees.state === 'same' ? true : null} testId="checkpoint-containerd-sees">
          {plan.containerdSees.state === 'same'
            ? 'containerd sees this folder at the same path'
            : `containerd does not see this folder: ${plan.containerdSees.reason}`}
        </Line>
      )}
      {plan.path && (
        <Line ok={null} testId="checkpoint-path-plan">
          <span data-testid="checkpoint-path-how" data-how={plan.path.how}>
            Path: {HOW[plan.path.how]}
          </span>
          {plan.path.reason !== plan.containerdSees?.reason && <span className="muted"> ({plan.path.reason})</span>}
        </Line>
      )}
      {plan.pathError && <ErrorView error={plan.pathError} title="A checkpoint would be refused" compact />}
    </div>
  );
}
