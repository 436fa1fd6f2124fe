import { Cpu, Loader2 } from 'lucide-react';
import { useState } from 'react';
import { COREDUMP_DOWNLOAD_PATH } from '../../../../../shared/wire';
import { getApi } from '../../../api';
import { toInfo } from '../../../lib/errors';
import { useAppInfo } from '../../../stores/settings-store';

/** The browser host streams core.PID as a download (a 'coredump' job: its progress and cancel are the jobs panel's). */
function download(archiveId: string, pid: number): void {
  const a = document.createElement('a');
  a.href = `${COREDUMP_DOWNLOAD_PATH}?archiveId=${encodeURIComponent(archiveId)}&pid=${pid}`;
  a.download = `core.${pid}`;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** "Save core file": an ELF core of this process that gdb loads (registers, memory, mapped files). */
export function SaveCoreButton({ archiveId, pid }: { archiveId: string; pid: number }) {
  const info = useAppInfo();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  const run = async () => {
    setStatus(null);
    if (!info?.nativeDialogs) {
      download(archiveId, pid);
      setStatus(`Downloading core.${pid}`);
      return;
    }
    setBusy(true);
    try {
      const { saved, problems } = await getApi().invoke('coredump.save', { archiveId, pid });
      if (saved)
        setStatus(
          problems.length === 0
            ? `Saved core.${pid}`
            : `Saved core.${pid}; left out: ${problems.map((p) => p.message).join('; ')}`,
        );
    } catch (error) {
      setStatus(`Core file failed: ${toInfo(error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="save-core" style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '0 12px 6px' }}>
      <button className="btn" onClick={() => void run()} disabled={busy} data-testid="save-core-file">
        {busy ? <Loader2 className="spin" size={14} aria-hidden /> : <Cpu size={14} aria-hidden />} Save core file
      </button>
      {status && (
        <span className="muted" role="status" data-testid="save-core-status">
          {status}
        </span>
      )}
    </div>
  );
}
