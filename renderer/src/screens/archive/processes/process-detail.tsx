import { useState } from 'react';
import { threadsLabel } from './threads-label';
import type { ProcessDetail as Detail } from '../../../../../shared/dto';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { VirtualTable } from '../../../components/virtual-table';
import { useQuery } from '../../../lib/use-query';
import { fileColumns, socketColumns } from '../files/file-columns';
import { vmaColumns } from '../memory/vma-columns';
import { CredentialsView } from './credentials-view';
import { EnvTable } from './env-table';
import { SaveCoreButton } from './save-core-button';

type Section = 'cmdline' | 'env' | 'creds' | 'files' | 'sockets' | 'maps' | 'threads';
const SECTIONS: { id: Section; label: (d: Detail) => string }[] = [
  { id: 'cmdline', label: () => 'Command line' },
  { id: 'env', label: (d) => `Environment (${d.environment.length})` },
  { id: 'creds', label: () => 'Credentials' },
  { id: 'files', label: (d) => `Files (${d.files.length})` },
  { id: 'sockets', label: (d) => `Sockets (${d.sockets.length})` },
  { id: 'maps', label: (d) => `Memory map (${d.vmas.length})` },
  { id: 'threads', label: (d) => `Threads (${d.threads.length})` },
];

function Body({ d, section }: { d: Detail; section: Section }) {
  switch (section) {
    case 'cmdline':
      return (
        <div className="scroll-pane">
          <ol className="argv" data-testid="process-cmdline">
            {d.cmdline.map((arg, i) => (
              <li key={i} className="mono wrap">
                {arg}
              </li>
            ))}
          </ol>
          <p className="muted">
            state {d.state}, ppid {d.ppid}, pgid {d.pgid}, sid {d.sid}, cwd <span className="mono">{d.cwd ?? '—'}</span>
            , root <span className="mono">{d.root ?? '—'}</span>
          </p>
        </div>
      );
    case 'env':
      return (
        <div className="scroll-pane">
          <EnvTable env={d.environment} />
        </div>
      );
    case 'creds':
      return (
        <div className="scroll-pane">
          <CredentialsView creds={d.credentials} />
        </div>
      );
    case 'files':
      return (
        <VirtualTable rows={d.files} columns={fileColumns(false)} rowKey={(r) => String(r.fd)} label="Open files" />
      );
    case 'sockets':
      return (
        <VirtualTable rows={d.sockets} columns={socketColumns(false)} rowKey={(r) => String(r.fd)} label="Sockets" />
      );
    case 'maps':
      return <VirtualTable rows={d.vmas} columns={vmaColumns} rowKey={(v) => String(v.start)} label="Memory map" />;
    case 'threads':
      return (
        <div className="scroll-pane">
          <p className="mono wrap" data-testid="process-threads">
            {threadsLabel(d.threads, d.pid)}
          </p>
        </div>
      );
  }
}

export function ProcessDetailView({ archiveId, pid }: { archiveId: string; pid: number }) {
  const query = useQuery('inspect.process', { archiveId, pid });
  const [section, setSection] = useState<Section>('cmdline');
  return (
    <div className="process-detail" data-testid="process-detail">
      <QueryView query={query} what={`process ${pid}`}>
        {(d) => (
          <>
            <h2 className="detail-title">
              <span className="mono">{d.pid}</span> {d.comm}
            </h2>
            <SaveCoreButton archiveId={archiveId} pid={d.pid} />
            <ProblemsBanner problems={d.problems} what="parts of this process" testId="process-problems" />
            <div className="subtabs" role="tablist">
              {SECTIONS.map((s) => (
                <button
                  key={s.id}
                  role="tab"
                  aria-selected={section === s.id}
                  className={section === s.id ? 'subtab active' : 'subtab'}
                  data-testid={`detail-tab-${s.id}`}
                  onClick={() => setSection(s.id)}
                >
                  {s.label(d)}
                </button>
              ))}
            </div>
            <div className="detail-body">
              <Body d={d} section={section} />
            </div>
          </>
        )}
      </QueryView>
    </div>
  );
}
