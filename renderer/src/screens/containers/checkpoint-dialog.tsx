import { Camera } from 'lucide-react';
import { useState } from 'react';
import type { CheckpointVia, ContainerInfo } from '../../../../shared/dto';
import { ErrorView } from '../../components/error-view';
import { ModalDialog } from '../../components/modal-dialog';
import { startCheckpoint, useStartError } from '../../stores/jobs-store';
import { updateSettings, useSettings } from '../../stores/settings-store';
import { PlanLines } from './checkpoint-plan-lines';
import { useCheckpointPlan } from './use-checkpoint-plan';

function defaultFileName(container: ContainerInfo): string {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  const safe = container.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'container';
  return `checkpoint-${safe}-${stamp}.tar`;
}

const VIAS: { value: CheckpointVia; label: string; hint: string }[] = [
  { value: 'auto', label: 'Automatic', hint: 'CRI when the runtime implements it, else native' },
  { value: 'cri', label: 'CRI', hint: 'CheckpointContainer, as kubelet does' },
  { value: 'native', label: 'Native', hint: "containerd's task API and CRIU directly" },
];

export function CheckpointDialog({ container, onClose }: { container: ContainerInfo; onClose: () => void }) {
  const settings = useSettings();
  const error = useStartError();
  const [fileName, setFileName] = useState(() => defaultFileName(container));
  const [via, setVia] = useState<CheckpointVia>('auto');
  const [leaveRunning, setLeaveRunning] = useState(true);
  const [tcpEstablished, setTcpEstablished] = useState(false);
  const [busy, setBusy] = useState(false);
  // The settings' folder until the user types one (the settings may arrive after the dialog opens).
  const [typedFolder, setFolder] = useState<string | null>(null);
  const folder = typedFolder ?? settings?.outputFolder ?? '';
  const [confirmStop, setConfirmStop] = useState(false);
  const answer = useCheckpointPlan(container, { folder, via, leaveRunning, tcpEstablished });
  const nameValid = /^[^/\0]+$/.test(fileName) && fileName !== '.' && fileName !== '..' && fileName.length <= 255;
  // Nothing starts until the core has said the folder is ready and the path open; stopping is confirmed first.
  const planReady = answer.current && answer.plan?.folderState === 'ready' && answer.plan.pathError === null;
  const valid = nameValid && planReady && (leaveRunning || confirmStop);

  const submit = async () => {
    setBusy(true);
    // The folder is a setting (main joins it with the file name), remembered for next time.
    if (folder.trim() && folder.trim() !== settings?.outputFolder)
      await updateSettings({ outputFolder: folder.trim() });
    const ok = await startCheckpoint(container, { fileName, via, leaveRunning, tcpEstablished });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <ModalDialog
      name="checkpoint"
      title={
        <>
          <Camera size={16} aria-hidden /> Checkpoint {container.name}
        </>
      }
      submitLabel={leaveRunning ? 'Checkpoint' : 'Checkpoint and stop'}
      busyLabel="Starting…"
      submitId="start"
      busy={busy}
      valid={valid}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <label className="field">
        <span>Destination file name</span>
        <input
          className="mono"
          data-testid="checkpoint-file-name"
          value={fileName}
          onChange={(e) => setFileName(e.target.value)}
          aria-invalid={!nameValid}
        />
      </label>
      <label className="field">
        <span>Destination folder (on the machine running containerd's client)</span>
        <input
          className="mono"
          data-testid="checkpoint-folder"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          spellCheck={false}
        />
      </label>
      <PlanLines plan={answer.plan} current={answer.current} error={answer.error} onCreated={answer.recheck} />
      <fieldset className="field">
        <legend>Path</legend>
        {VIAS.map((v) => (
          <label key={v.value} className="radio">
            <input
              type="radio"
              name="via"
              value={v.value}
              checked={via === v.value}
              disabled={v.value === 'cri' && !container.cri}
              onChange={() => setVia(v.value)}
            />
            <span>{v.label}</span> <span className="muted">{v.hint}</span>
          </label>
        ))}
      </fieldset>
      <label className="radio">
        <input
          type="checkbox"
          checked={leaveRunning}
          data-testid="checkpoint-leave-running"
          onChange={(e) => {
            setLeaveRunning(e.target.checked);
            setConfirmStop(false);
          }}
        />
        <span>Leave the container running</span>
      </label>
      {!leaveRunning && (
        <div className="stop-warning" role="alert" data-testid="checkpoint-stop-warning">
          <p>
            After its checkpoint, <strong>{container.name}</strong> will be stopped: its processes are killed, and it
            runs again only when it is restored or restarted.
          </p>
          <label className="radio">
            <input
              type="checkbox"
              checked={confirmStop}
              data-testid="checkpoint-confirm-stop"
              onChange={(e) => setConfirmStop(e.target.checked)}
            />
            <span>Yes, stop {container.name} after the checkpoint</span>
          </label>
        </div>
      )}
      <label className="radio">
        <input
          type="checkbox"
          checked={tcpEstablished}
          disabled={via === 'cri'}
          onChange={(e) => setTcpEstablished(e.target.checked)}
        />
        <span>Dump established TCP connections</span>{' '}
        <span className="muted">with their queued bytes (native path only)</span>
      </label>
      {error && <ErrorView error={error} title="The checkpoint could not start" compact />}
    </ModalDialog>
  );
}
