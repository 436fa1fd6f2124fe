import { useRef, useState } from 'react';
import type { VerifyResult } from '../../../../../shared/dto';
import { MAX_REFERENCE_CHARS } from '../../../../../shared/schemas';
import { getApi } from '../../../api';
import { ProblemsBanner } from '../../../components/problems-banner';
import { VirtualTable } from '../../../components/virtual-table';
import { toInfo } from '../../../lib/errors';
import { verifyColumns } from './member-hash-columns';

/** Verify against a JSON report or a sha256sum list the user picks: the file's text goes to main, never a path. */
export function VerifyPanel({ archiveId }: { archiveId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ name: string; value: VerifyResult } | null>(null);

  const run = async (file: File) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      if (file.size > MAX_REFERENCE_CHARS) throw new Error(`${file.name} is too large here: use the CLI's verify`);
      const reference = await file.text();
      const value = await getApi().invoke('integrity.verify', { archiveId, reference, name: file.name });
      setResult({ name: file.name, value });
    } catch (e) {
      setError(toInfo(e).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const shown = result?.value.rows.filter((r) => r.status !== 'same') ?? [];
  const c = result?.value.counts;
  return (
    <section className="column" aria-label="Verify">
      <h3>Verify</h3>
      <p className="muted">
        Hash the archive again and compare with a JSON report or a sha256sum list (checkpoint-inspector hash).
      </p>
      <label className="btn">
        {busy ? 'Verifying…' : 'Verify against a file…'}
        <input
          ref={input}
          type="file"
          hidden
          disabled={busy}
          accept=".json,.txt,.sha256,.sha256sum,text/plain,application/json"
          data-testid="verify-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(file);
          }}
        />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="verify-error">
          Verify failed: {error}
        </p>
      )}
      {result && c && (
        <>
          <p role="status" data-testid="verify-summary" className={result.value.ok ? 'ok' : 'error'}>
            {result.value.ok ? 'Verified' : 'Does not match'} against {result.name}: {c.same} same, {c.differs} differ,{' '}
            {c.missing} missing, {c.extra} extra
          </p>
          <ProblemsBanner problems={result.value.problems} what="the reference" testId="verify-problems" />
          {shown.length > 0 && (
            <div className="grow-pane">
              <VirtualTable
                rows={shown}
                columns={verifyColumns}
                rowKey={(r) => `${r.isArchive ? 'archive' : 'member'}:${r.name}`}
                rowTestId={(r) => `verify-row-${r.name}`}
                label="Verify differences"
                testId="verify-table"
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}
