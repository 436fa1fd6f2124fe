import { useState } from 'react';
import type { ProcessSecurity, SeccompChainView, SecurityReport } from '../../../../../shared/dto';
import { lsmText, seccompModeFact, yesNoText } from '../../../../../shared/view/security-facts';
import { Badge } from '../../../components/badge';
import { factNode } from '../overview/security-card';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { useQuery } from '../../../lib/use-query';

const words = (items: readonly (string | number)[]) =>
  items.length === 0 ? <span className="muted">none</span> : <span className="mono wrap">{items.join(' ')}</span>;

function ProcessCard({ p }: { p: ProcessSecurity }) {
  const rows: [string, React.ReactNode][] = [
    ['UID (real, effective, saved, fs)', p.uid ? words(p.uid) : 'not recorded'],
    ['GID (real, effective, saved, fs)', p.gid ? words(p.gid) : 'not recorded'],
    ['Groups', words(p.groups)],
    ['Effective', words(p.capEffective)],
    ['Permitted', words(p.capPermitted)],
    ['Inheritable', words(p.capInheritable)],
    ['Bounding', words(p.capBounding)],
    ['Ambient', words(p.capAmbient)],
    ['No new privileges', yesNoText(p.noNewPrivs)],
    ['Securebits', words(p.secureBits)],
    ['Seccomp', factNode(seccompModeFact(p.seccompMode, p.seccompChain))],
    ['LSM label', lsmText(p.lsmProfile)],
    [
      'Namespaces',
      <span className="mono wrap">
        {p.namespaces
          .map((n) => `${n.type}:${n.id ?? '?'}${n.sharedWithHost ? ' (host)' : ''}${n.spec ? ` [${n.spec}]` : ''}`)
          .join('  ')}
      </span>,
    ],
    ['Cgroups', <span className="mono wrap">{p.cgroups.map((c) => `${c.controllers}: ${c.path}`).join('\n')}</span>],
  ];
  return (
    <section className="card" data-testid={`security-process-${p.pid}`}>
      <h3>
        {p.pid} {p.comm}
      </h3>
      <table className="kv-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ChainView({ c }: { c: SeccompChainView }) {
  const [arch, setArch] = useState(c.arches[0]?.arch ?? 'x86_64');
  const [filter, setFilter] = useState('');
  const view = c.arches.find((a) => a.arch === arch);
  const rows = (view?.syscalls ?? []).filter((s) => s.name.includes(filter.trim()));
  return (
    <section className="card" data-testid={`seccomp-chain-${c.top}`}>
      <h3>
        Seccomp filter chain {c.top}:{' '}
        {c.filters.map((f) => `filter ${f.index} (${f.instructions} instructions)`).join(', ')}
      </h3>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Architecture">
          {c.arches.map((a) => (
            <button
              key={a.arch}
              aria-pressed={a.arch === arch}
              className={a.arch === arch ? 'subtab active' : 'subtab'}
              onClick={() => setArch(a.arch)}
              data-testid={`seccomp-arch-${a.arch}`}
            >
              {a.arch}
            </button>
          ))}
        </div>
        <SearchBox value={filter} onChange={setFilter} placeholder="Filter syscalls" testId="seccomp-filter" />
      </div>
      {view && (
        <p className="muted" data-testid="seccomp-counts">
          {Object.entries(view.counts)
            .map(([k, n]) => `${k}: ${n}`)
            .join(' · ')}{' '}
          · other architectures: {c.otherArch.text}
        </p>
      )}
      <div className="scroll-pane">
        <table className="data-table" data-testid="seccomp-syscalls">
          <thead>
            <tr>
              <th>Nr</th>
              <th>Syscall</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.nr} data-testid={`seccomp-syscall-${s.name}`}>
                <td className="mono">{s.nr}</td>
                <td className="mono">{s.name}</td>
                <td>
                  {s.dependsOnArgs ? (
                    <Badge tone="warn">depends on arguments: {s.possible.map((a) => a.text).join(' | ')}</Badge>
                  ) : (
                    <Badge tone={s.action.kind === 'allow' ? 'ok' : 'bad'}>{s.action.text}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SpecCard({ r }: { r: SecurityReport }) {
  const s = r.spec;
  if (!s) return <p className="muted">No spec.dump in this archive: nothing to compare with.</p>;
  return (
    <section className="card" data-testid="security-spec">
      <h3>Spec beside what CRIU saw</h3>
      <table className="kv-table">
        <tbody>
          {s.capabilities &&
            Object.entries(s.capabilities).map(([set, caps]) => (
              <tr key={set}>
                <th>Spec {set}</th>
                <td>{words(caps)}</td>
              </tr>
            ))}
          <tr>
            <th>Spec seccomp</th>
            <td>{s.seccomp ?? <Badge tone="warn">unconfined</Badge>}</td>
          </tr>
          <tr>
            <th>Spec noNewPrivileges</th>
            <td>{s.noNewPrivileges ? 'yes' : 'no'}</td>
          </tr>
          <tr>
            <th>Spec AppArmor / SELinux</th>
            <td>
              {s.apparmorProfile ?? 'none'} / {s.selinuxLabel ?? 'none'}
            </td>
          </tr>
          {r.pathChecks.map((c) => (
            <tr key={`${c.kind}:${c.path}`}>
              <th>
                {c.kind} {c.path}
              </th>
              <td>{c.seen}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Differences</h4>
      {r.differences.length === 0 ? (
        <p className="muted" data-testid="security-no-differences">
          None: the processes run with what the spec asks for.
        </p>
      ) : (
        <ul data-testid="security-differences">
          {r.differences.map((d, i) => (
            <li key={i} data-testid="security-difference">
              <Badge tone="bad">{d.area}</Badge> {d.pid === null ? '' : `pid ${d.pid}: `}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SecurityBody({ r }: { r: SecurityReport }) {
  return (
    <>
      <ProblemsBanner problems={r.problems} what="the security context" testId="security-problems" />
      <p className="muted">LSM: {r.lsm ?? 'not recorded'}</p>
      <SpecCard r={r} />
      {r.processes.map((p) => (
        <ProcessCard key={p.pid} p={p} />
      ))}
      {r.seccomp.map((c) => (
        <ChainView key={c.top} c={c} />
      ))}
      {r.apparmorPolicies.length > 0 && <p>AppArmor policies saved: {r.apparmorPolicies.join(', ')}</p>}
      {r.firewall.map((f) => (
        <section className="card" key={f.member} data-testid="security-firewall">
          <h3>
            {f.member} ({f.kind}
            {f.truncated ? ', first part' : ''})
          </h3>
          <pre className="mono">{f.text}</pre>
        </section>
      ))}
    </>
  );
}

/** Credentials, capabilities, seccomp decoded per syscall, namespaces and the spec beside them. */
export function SecurityTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.security', { archiveId, pid: null });
  return (
    <div className="column scroll-pane" data-testid="security-tab">
      <QueryView query={query} what="the security context">
        {(r) => <SecurityBody r={r} />}
      </QueryView>
    </div>
  );
}
