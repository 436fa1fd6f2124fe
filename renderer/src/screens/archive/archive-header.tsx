import { AlertTriangle, Loader2 } from 'lucide-react';
import type { ArchiveSummary } from '../../../../shared/dto';
import { checkpointImageSource } from '../../../../shared/dto/archive';
import { CopyButton } from '../../components/copy-button';
import { formatBytes, formatDate } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { ReportButton } from './report-button';

function Sha256({ archiveId }: { archiveId: string }) {
  const sha = useQuery('archive.sha256', { archiveId });
  if (sha.error) return <span className="muted">sha256 unavailable: {sha.error.message}</span>;
  if (sha.data === undefined)
    return (
      <span className="muted" role="status" data-testid="sha256-pending">
        <Loader2 className="spin" size={12} aria-hidden /> computing sha256…
      </span>
    );
  return (
    <>
      <span className="mono sha" data-testid="archive-sha256" title={sha.data}>
        {sha.data}
      </span>
      <CopyButton text={sha.data} what="SHA-256" testId="copy-sha256" />
    </>
  );
}

export function ArchiveHeader({ archive }: { archive: ArchiveSummary }) {
  const native = archive.checkpointImage?.format === 'containerd';
  return (
    <header className="archive-header">
      <div className="archive-title">
        <h1 data-testid="container-name">{archive.containerName ?? '(unnamed container)'}</h1>
        <span className="muted mono" title={archive.fileName}>
          {archive.fileName}
        </span>
        <CopyButton text={archive.fileName} what="file name" testId="copy-file-name" />
        <ReportButton archiveId={archive.archiveId} />
      </div>
      <dl className="facts">
        <div>
          <dt>Image</dt>
          <dd className="mono" data-testid="archive-image">
            {archive.image ?? '—'}
            {archive.image && <CopyButton text={archive.image} what="image" testId="copy-image" />}
          </dd>
        </div>
        <div>
          <dt>Engine</dt>
          <dd>{archive.engine}</dd>
        </div>
        <div>
          <dt>Checkpointed</dt>
          <dd>{formatDate(archive.checkpointedAt)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(archive.size)}{' '}
            {archive.compression !== 'none' && <span className="muted">({archive.compression})</span>}
          </dd>
        </div>
        {archive.checkpointImage && (
          <div className="wide" data-testid="archive-checkpoint-image">
            <dt>Checkpoint image</dt>
            <dd>
              {archive.checkpointImage.refName && <span className="mono">{archive.checkpointImage.refName} </span>}
              <span className="muted">
                ({checkpointImageSource(archive.checkpointImage)}; {native ? 'index' : 'manifest'}{' '}
                <span className="mono">{archive.checkpointImage.manifestDigest}</span>
                <CopyButton
                  text={archive.checkpointImage.manifestDigest}
                  what={native ? 'index digest' : 'manifest digest'}
                />
                , {native ? 'CRIU images' : 'layer'} <span className="mono">{archive.checkpointImage.layerDigest}</span>
                <CopyButton
                  text={archive.checkpointImage.layerDigest}
                  what={native ? 'CRIU image tar digest' : 'layer digest'}
                />{' '}
                {archive.checkpointImage.layerMediaType}, {formatBytes(archive.checkpointImage.layerSize)}; digests
                checked)
              </span>
            </dd>
          </div>
        )}
        <div className="wide">
          <dt>SHA-256</dt>
          <dd>
            <Sha256 archiveId={archive.archiveId} />
          </dd>
        </div>
      </dl>
      {archive.warnings.length > 0 && (
        <details className="warnings" data-testid="archive-warnings">
          <summary>
            <AlertTriangle size={14} aria-hidden /> {archive.warnings.length} problem
            {archive.warnings.length > 1 ? 's' : ''} while opening; the rest still works
          </summary>
          <ul>
            {archive.warnings.slice(0, 200).map((w, i) => (
              <li key={i}>
                <span className="mono">{w.where}</span>: <code>{w.code}</code> {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </header>
  );
}
