import { Plug } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ErrorView } from '../../components/error-view';
import { showScreen } from '../../stores/archives-store';
import { connect, useConnecting, useConnection } from '../../stores/connection-store';
import { refreshContainers } from '../../stores/containers-store';
import { useSettings } from '../../stores/settings-store';

/** Connect to containerd by socket path; main remembers the last one in settings. */
export function ConnectCard() {
  const settings = useSettings();
  const status = useConnection();
  const busy = useConnecting();
  const [path, setPath] = useState('');
  const prefilled = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (settings && !prefilled.current) {
      prefilled.current = true;
      // Settings arrive after the first paint; never replace what the user typed
      // meanwhile, nor change the field under a user who is in it (text typed
      // into a field whose value just changed lands after it, not instead).
      if (document.activeElement === input.current) return;
      setPath((typed) => (typed === '' ? settings.socketPath : typed));
    }
  }, [settings]);

  const submit = async () => {
    const result = await connect(path.trim() || undefined);
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
