// The security facts as both the app and the HTML report show them: one
// text (and tone) per value, so the two never disagree.
import type { SecuritySummary } from '../dto';

export type Tone = 'ok' | 'warn' | 'bad';

export interface Fact {
  label: string;
  text: string;
  /** How the app colours it; null: plain. */
  tone: Tone | null;
  /** A list of names or ids (shown in a monospace font). */
  list: boolean;
}

const fact = (label: string, text: string, tone: Tone | null = null, list = false): Fact => ({
  label,
  text,
  tone,
  list,
});

export const yesNoText = (value: boolean) => (value ? 'yes' : 'no');

const yesNo = (label: string, value: boolean, risky: boolean) =>
  fact(label, yesNoText(value), value === risky ? 'bad' : 'ok');

/** A list of names, or the words saying it is empty. */
const names = (label: string, items: readonly string[], empty: string) =>
  items.length === 0 ? fact(label, empty) : fact(label, items.join(', '), null, true);

/** The spec's security summary (the Overview's Security card and the report's Security section). */
export function securitySummaryFacts(s: SecuritySummary): Fact[] {
  return [
    yesNo('Privileged', s.privileged, true),
    yesNo('Runs as root', s.runAsRoot, true),
    yesNo('Read-only root', s.readOnlyRoot, false),
    yesNo('No new privileges', s.noNewPrivileges, false),
    names('Added capabilities', s.addedCapabilities, 'no added capabilities'),
    names('Host namespaces', s.hostNamespaces, 'none shared with the host'),
    names('Host mounts', s.hostMounts, 'no host paths mounted'),
    s.seccompProfile === null ? fact('Seccomp', 'unconfined', 'warn') : fact('Seccomp', s.seccompProfile),
    fact('AppArmor', s.apparmorProfile ?? 'no profile set'),
  ];
}

/** A process's seccomp mode as CRIU saw it (the Security tab and the report's process table). */
export function seccompModeFact(mode: string | null, chain: number | null): Fact {
  return mode === 'filter'
    ? fact('Seccomp', chain === null ? 'filter' : `filter (chain ${chain})`, 'ok')
    : fact('Seccomp', mode ?? 'not recorded', 'warn');
}

/** A process's LSM label. */
export const lsmText = (profile: string | null) => profile ?? 'none';
