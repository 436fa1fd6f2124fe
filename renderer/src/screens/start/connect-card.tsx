import { Plug } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ErrorView } from '../../components/error-view';
import { showScreen } from '../../stores/archives-store';
import { connect, useConnecting, useConnection } from '../../stores/connection-store';
import { refreshContainers } from '../../stores/containers-store';

/**
 * Connect to containerd by socket path; main remembers the last one in settings.
 * The field starts at the socket the core chose (the host's --address, then
 * CONTAINERD_ADDRESS, then the setting): connecting to it unchanged names no
 * socket, so the core's precedence decides and the setting is not overwritten.
 */
export function ConnectCard() {
  const status = useConnection();
  const chosen = status?.socketPath || null;
  const busy = useConnecting();
  const [path, setPath] = useState('');
  const prefilled = useRef(false);
  // The core's own choice when the card appeared: connecting to it names no socket.
  const startedAt = useRef<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (chosen && !prefilled.current) {
      prefilled.current = true;
      // The status arrives after the first paint; never replace what the user typed
      // meanwhile, nor change the field under a user who is in it (text typed
      // into a field whose value just changed lands after it, not instead).
      if (document.activeElement === input.current) return;
      startedAt.current = chosen;
      setPath((typed) => (typed === '' ? chosen : typed));
    }
  }, [chosen]);

  const submit = async () => {
    const named = path.trim();
    const result = await connect(named === '' || named === startedAt.current ? undefined : named);
    if (result.state === 'connected') {
      showScreen('containers');
      await refreshContainers();
    }
  };

  return (
    <section className="card" aria-labelledby="connect-title">
      <h2 id="connect-title">
        <Plug size={16} aria-hidden /> Connect to containerd
      </h2>
      <form
        className="connect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field grow">
          <span>Socket path</span>
          <input
            ref={input}
            className="mono"
            data-testid="socket-path"
            value={path}
            spellCheck={false}
            placeholder="/run/containerd/containerd.sock"
            onChange={(e) => {
              prefilled.current = true;
              setPath(e.target.value);
            }}
          />
        </label>
        <button className="btn primary" type="submit" disabled={busy} data-testid="connect-button">
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
      {status?.state === 'connected' && (
        <p className="muted">
          Connected to {status.socketPath} (containerd {status.version ?? '?'}).{' '}
          <button className="link" onClick={() => showScreen('containers')}>
            Show containers
          </button>
        </p>
      )}
      {status?.state === 'error' && status.error && (
        <ErrorView error={status.error} title="Could not connect" compact />
      )}
    </section>
  );
}
