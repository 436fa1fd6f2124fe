import { Settings as Gear } from 'lucide-react';
import { useState } from 'react';
import { useSettings } from '../stores/settings-store';
import { SettingsDialog } from './settings-dialog';

export function SettingsButton() {
  const settings = useSettings();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        className="icon-btn"
        title="Settings"
        aria-label="Settings"
        data-testid="settings-button"
        disabled={!settings}
        onClick={() => setOpen(true)}
      >
        <Gear size={16} aria-hidden />
      </button>
      {open && settings && <SettingsDialog settings={settings} onClose={() => setOpen(false)} />}
    </>
  );
}
