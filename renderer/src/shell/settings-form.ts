import type { Settings } from '../../../shared/dto';

/** What the settings dialog edits; namespaces as typed (comma or space separated). */
export interface SettingsForm {
  socketPath: string;
  namespaces: string;
  outputFolder: string;
  maskSecrets: boolean;
  theme: Settings['theme'];
}

// containerd's own rule for namespace names, as main checks it.
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function toForm(settings: Settings): SettingsForm {
  return { ...settings, namespaces: settings.namespaces.join(', ') };
}

export function parseNamespaces(text: string): { namespaces: string[]; invalid: string[] } {
  const words = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  return {
    namespaces: words.filter((w) => NAMESPACE.test(w) && w.length <= 256),
    invalid: words.filter((w) => !NAMESPACE.test(w) || w.length > 256),
  };
}

/** What is wrong with the form, field by field; empty when it can be saved. */
export function formProblems(form: SettingsForm): Partial<Record<keyof SettingsForm, string>> {
  const problems: Partial<Record<keyof SettingsForm, string>> = {};
  if (!form.socketPath.trim()) problems.socketPath = 'A socket path is needed.';
  const { invalid } = parseNamespaces(form.namespaces);
  if (invalid.length > 0) problems.namespaces = `Not a containerd namespace: ${invalid.join(', ')}`;
  if (!form.outputFolder.trim()) problems.outputFolder = 'A folder is needed.';
  return problems;
}

/** Only the fields that changed, so main's answer is not raced by unrelated writes. */
export function patchOf(before: Settings, form: SettingsForm): Partial<Settings> {
  const patch: Partial<Settings> = {};
  const socketPath = form.socketPath.trim();
  const outputFolder = form.outputFolder.trim();
  const { namespaces } = parseNamespaces(form.namespaces);
  if (socketPath !== before.socketPath) patch.socketPath = socketPath;
  if (namespaces.join('\0') !== before.namespaces.join('\0')) patch.namespaces = namespaces;
  if (outputFolder !== before.outputFolder) patch.outputFolder = outputFolder;
  if (form.maskSecrets !== before.maskSecrets) patch.maskSecrets = form.maskSecrets;
  if (form.theme !== before.theme) patch.theme = form.theme;
  return patch;
}
