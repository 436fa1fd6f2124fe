import { useState, type DragEvent } from 'react';
import type { YaraReport, YaraRuleFile } from '../../../../shared/dto/yara';
import { getApi } from '../../api';
import { IncompleteNotice } from '../../components/incomplete-notice';
import { toInfo } from '../../lib/errors';
import { formatBytes, plural } from '../../lib/format';
import { cancelJob, useRunningJobs } from '../../stores/jobs-store';
import { progressFraction } from '../../stores/jobs-model';
import { YaraHits } from './yara-hits';

async function readRuleFiles(list: FileList | null): Promise<YaraRuleFile[]> {
  return Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
}

/** YARA rules (the bundled starter set and/or dropped or opened files) over the archive's memory and files. */
export function YaraTab({ archiveId }: { archiveId: string }) {
  const [bundled, setBundled] = useState(true);
  const [files, setFiles] = useState<YaraRuleFile[]>([]);
  const [report, setReport] = useState<YaraReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useRunningJobs().find((j) => j.kind === 'yara' && j.archiveId === archiveId) ?? null;
  const fraction = progressFraction(job?.progress ?? null);

  const add = async (list: FileList | null) => {
    const read = await readRuleFiles(list);
    setFiles((old) => [...old.filter((f) => !read.some((r) => r.name === f.name)), ...read]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    void add(e.dataTransfer.files);
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await getApi().invoke('yara.scan', { archiveId, bundled, files }));
    } catch (e) {
      setError(toInfo(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="column" data-testid="yara" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <div className="toolbar">
        <label>
          <input
            type="checkbox"
            checked={bundled}
            onChange={(e) => setBundled(e.target.checked)}
            data-testid="yara-bundled"
          />{' '}
          Bundled starter rules
        </label>
        <label className="btn small">
          Add rule files…
          <input
            type="file"
            hidden
            multiple
            accept=".yar,.yara,text/plain"
            data-testid="yara-files"
            onChange={(e) => {
              void add(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {files.map((f) => (
          <span key={f.name} className="muted" data-testid="yara-file">
            {f.name}{' '}
            <button className="link" onClick={() => setFiles(files.filter((x) => x !== f))}>
              remove
            </button>
          </span>
        ))}
        <button
          className="btn small primary"
          disabled={busy || (!bundled && files.length === 0)}
          onClick={() => void run()}
          data-testid="yara-run"
        >
          Scan
        </button>
        {busy && (
          <>
            <span data-testid="yara-progress">
              Scanning {job?.progress?.phase ?? ''}
              {fraction !== null ? ` ${Math.round(fraction * 100)}%` : '…'}
            </span>
            {job && (
              <button className="btn small" onClick={() => void cancelJob(job.jobId)} data-testid="yara-cancel">
                Cancel
              </button>
            )}
          </>
        )}
        <span className="muted">Drop .yar files here to add them.</span>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="yara-error">
          YARA scan failed: {error}
        </p>
      )}
      {report && report.compileErrors.length > 0 && (
        <ul className="error" role="alert" data-testid="yara-compile-errors">
          {report.compileErrors.map((e, i) => (
            <li key={i}>
              {e.file}
              {e.line !== null ? `:${e.line}:${e.column ?? 0}` : ''}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {report && report.compileErrors.length === 0 && (
        <>
          <strong data-testid="yara-summary">
            {report.complete ? '' : 'Incomplete: '}
            {plural(report.hits.length, 'hit')} of {plural(report.rules, 'rule')};{' '}
            {formatBytes(report.scanned.memoryBytes)} of memory in {report.scanned.vmas} VMAs (
            {formatBytes(report.scanned.notInCheckpointBytes)} of them not in the checkpoint, not scanned),{' '}
            {plural(report.scanned.files, 'file')}
          </strong>
          <IncompleteNotice
            complete={report.complete}
            problems={report.problems}
            what="YARA scan"
            testId="yara-skipped"
          />
          <YaraHits archiveId={archiveId} hits={report.hits} />
        </>
      )}
    </div>
  );
}
