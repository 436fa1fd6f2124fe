/** Names as stored are attacker-chosen; these rules make them safe to use as map keys and to display. */
export interface NormalisedName {
  name: string;
  /** Why the stored name is suspicious (absolute, `..`, NUL), or null. */
  unsafe: string | null;
}

export function normaliseName(raw: string): NormalisedName {
  let unsafe: string | null = null;
  let text = raw;
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    text = text.slice(0, nul);
    unsafe = 'contains a NUL byte (cut there)';
  }
  if (text.startsWith('/')) unsafe ??= 'absolute path';
  const segments: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') unsafe ??= 'has a `..` segment';
    segments.push(segment);
  }
  return { name: segments.join('/'), unsafe };
}
