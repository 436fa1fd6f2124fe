import { RotateCw } from 'lucide-react';
import { Badge, type Tone } from '../../components/badge';
import { ErrorView } from '../../components/error-view';
import { connect, useConnecting, useConnection } from '../../stores/connection-store';
import { refreshContainers } from '../../stores/containers-store';

const TONE: Record<string, Tone> = { connected: 'ok', connecting: 'info', error: 'bad', disconnected: 'muted' };

export function ConnectionBar() {
  const status = useConnection();
  const busy = useConnecting();
  const reconnect = async () => {
    const result = await connect();
    if (result.state === 'connected') await refreshContainers();
  };
  const state = status?.state ?? 'disconnected';
  return (
    <div className="connection" data-testid="connection-status" data-state={state}>
      <div className="connection-line">
        <Badge tone={TONE[state] ?? 'muted'}>{state}</Badge>
        <span className="mono" data-testid="connection-socket">
          {status?.socketPath || 'no socket chosen'}
        </span>
        {status?.version && <span className="muted">containerd {status.version}</span>}
        <button className="btn" onClick={() => void reconnect()} disabled={busy} data-testid="reconnect-button">
          <RotateCw size={14} aria-hidden className={busy ? 'spin' : undefined} />{' '}
          {state === 'connected' ? 'Reconnect' : 'Connect'}
        </button>
      </div>
      {state === 'error' && status?.error && (
        <ErrorView error={status.error} title={`Could not reach containerd at ${status.socketPath}`} compact />
      )}
    </div>
  );
}
