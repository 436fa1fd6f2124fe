import { Settings as Gear } from 'lucide-react';
import { useState } from 'react';
import type { Settings } from '../../../shared/dto';
import { ErrorView } from '../components/error-view';
import { ModalDialog } from '../components/modal-dialog';
import { connect, useConnection } from '../stores/connection-store';
import { refreshContainers } from '../stores/containers-store';
import { updateSettings, useSettingsError } from '../stores/settings-store';
import { formProblems, patchOf, toForm, type SettingsForm } from './settings-form';

const THEMES: Settings['theme'][] = ['system', 'light', 'dark'];

/** Socket, namespaces, output folder, masking and theme; main keeps them (settings.update). */
export function SettingsDialog({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  const [form, setForm] = useState<SettingsForm>(() => toForm(settings));
  const [busy, setBusy] = useState(false);
  const error = useSettingsError();
  const connection = useConnection();
  const problems = formProblems(form);
  const valid = Object.keys(problems).length === 0;
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const save = async () => {
    const patch = patchOf(settings, form);
    setBusy(true);
    if (Object.keys(patch).length > 0 && !(await updateSettings(patch))) {
      setBusy(false);
      return;
    }
    // A new socket means a new connection; new namespaces mean a new list.
    if (patch.socketPath !== undefined && connection?.state !== 'disconnected') await connect(patch.socketPath);
    else if (patch.namespaces !== undefined && connection?.state === 'connected') await refreshContainers();
    setBusy(false);
    onClose();
  };

  return (
    <ModalDialog
      name="settings"
      title={
        <>
          <Gear size={16} aria-hidden /> Settings
        </>
      }
      submitLabel="Save"
      busyLabel="Saving…"
      submitId="save"
      busy={busy}
      valid={valid}
      onSubmit={() => void save()}
      onClose={onClose}
    >
      <label className="field">
        <span>containerd socket</span>
        <input
          className="mono"
          spellCheck={false}
          data-testid="settings-socket"
          value={form.socketPath}
          onChange={(e) => set('socketPath', e.target.value)}
          aria-invalid={!!problems.socketPath}
        />
        {problems.socketPath && <small className="field-error">{problems.socketPath}</small>}
      </label>
      <label className="field">
        <span>
          Namespaces shown <span className="muted">(comma separated; empty shows all)</span>
        </span>
        <input
          className="mono"
          spellCheck={false}
          data-testid="settings-namespaces"
          value={form.namespaces}
          placeholder="k8s.io, default"
          onChange={(e) => set('namespaces', e.target.value)}
          aria-invalid={!!problems.namespaces}
        />
        {problems.namespaces && (
          <small className="field-error" data-testid="settings-namespaces-problem">
            {problems.namespaces}
          </small>
        )}
      </label>
      <label className="field">
        <span>Output folder for new checkpoints</span>
        <input
          className="mono"
          spellCheck={false}
          data-testid="settings-output"
          value={form.outputFolder}
          onChange={(e) => set('outputFolder', e.target.value)}
          aria-invalid={!!problems.outputFolder}
        />
        {problems.outputFolder && <small className="field-error">{problems.outputFolder}</small>}
      </label>
      <label className="radio">
        <input
          type="checkbox"
          data-testid="settings-mask"
          checked={form.maskSecrets}
          onChange={(e) => set('maskSecrets', e.target.checked)}
        />
        <span>Mask environment values until revealed</span>
      </label>
      <label className="field">
        <span>Theme</span>
        <select
          data-testid="settings-theme"
          value={form.theme}
          onChange={(e) => set('theme', e.target.value as Settings['theme'])}
        >
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {error && <ErrorView error={error} title="The settings were not saved" compact />}
    </ModalDialog>
  );
}
