import type { ReactNode } from 'react';
import type { Credentials } from '../../../../../shared/dto';

const caps = (list: string[]) =>
  list.length === 0 ? (
    <span className="muted">no capabilities</span>
  ) : (
    <span className="mono wrap">{list.join(' ')}</span>
  );

export function CredentialsView({ creds }: { creds: Credentials | null }) {
  if (!creds) return <p className="muted">No credentials recorded for this process.</p>;
  const rows: [string, ReactNode][] = [
    ['UID (real, effective, saved, fs)', <span className="mono">{creds.uid.join(' ')}</span>],
    ['GID (real, effective, saved, fs)', <span className="mono">{creds.gid.join(' ')}</span>],
    ['Groups', <span className="mono">{creds.groups.join(' ') || '—'}</span>],
    ['Effective capabilities', caps(creds.capEffective)],
    ['Permitted', caps(creds.capPermitted)],
    ['Inheritable', caps(creds.capInheritable)],
    ['Bounding', caps(creds.capBounding)],
    ['Ambient', caps(creds.capAmbient)],
    ['No new privileges', creds.noNewPrivs ? 'yes' : 'no'],
    ['Seccomp', creds.seccompMode ?? 'not recorded'],
    ['LSM label', creds.lsmProfile ?? 'no LSM label recorded'],
  ];
  return (
    <table className="kv-table" data-testid="credentials">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
