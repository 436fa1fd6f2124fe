import { FileDown, Loader2 } from 'lucide-react';
import { useState } from 'react';
import { getApi } from '../../api';
import { CancelJobButton, progressBytes } from '../../components/job-controls';
import { useArchiveJob } from '../../components/job-wait';
import { toInfo } from '../../lib/errors';
import { useAppInfo } from '../../stores/settings-store';

type Format = 'html' | 'json';

/** The browser host has no save dialog: the report comes back as text and downloads through a link. */
function download(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export a self-contained report of the archive (with its sha256): HTML or JSON. */
export function ReportButton({ archiveId }: { archiveId: string }) {
  const info = useAppInfo();
  const [format, setFormat] = useState<Format>('html');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const job = useArchiveJob('report', archiveId);

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      if (info?.nativeDialogs) {
        const { saved } = await getApi().invoke('report.export', { archiveId, format });
        setStatus(saved ? 'Saved' : null);
      } else {
        const report = await getApi().invoke('report.render', { archiveId, format });
        download(report.fileName, report.mime, report.text);
        setStatus(`Downloaded ${report.fileName}`);
      }
    } catch (error) {
      // The user's own cancel is no failure.
      const failure = toInfo(error);
      setStatus(failure.code === 'CANCELLED' ? 'Export cancelled' : `Export failed: ${failure.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-export" data-testid="report-export">
      <select
        value={format}
        onChange={(e) => setFormat(e.target.value as Format)}
        aria-label="Report format"
        data-testid="report-format"
      >
        <option value="html">HTML</option>
        <option value="json">JSON</option>
      </select>
      <button className="btn" onClick={() => void run()} disabled={busy} data-testid="report-export-button">
        {busy ? <Loader2 className="spin" size={14} aria-hidden /> : <FileDown size={14} aria-hidden />} Export report
      </button>
      {busy && job && (
        <>
          <span className="muted" data-testid="report-progress">
            {[progressBytes(job.progress), job.progress?.message ?? job.progress?.phase ?? 'starting…']
              .join(' ')
              .trim()}
          </span>
          <CancelJobButton job={job} testId="report-cancel" small />
        </>
      )}
      {status && (
        <span className="muted" role="status" data-testid="report-status">
          {status}
        </span>
      )}
    </div>
  );
}
