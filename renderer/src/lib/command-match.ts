/** A command palette entry. */
export interface Command {
  id: string;
  /** What the row says; what the query is matched against, with `group` and `keywords`. */
  label: string;
  group: 'Archives' | 'Views' | 'Actions';
  keywords?: string;
  shortcut?: string;
  run: () => void;
}

/**
 * The commands every word of the query is in (case-insensitive), those whose
 * label starts with the query first, otherwise in the order given.
 */
export function matchCommands(query: string, commands: Command[]): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  const q = query.trim().toLowerCase();
  const hits = commands.filter((c) => {
    const text = `${c.label} ${c.group} ${c.keywords ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const starts = (c: Command) => (c.label.toLowerCase().startsWith(q) ? 0 : 1);
  return hits
    .map((c, i) => ({ c, i }))
    .sort((a, b) => starts(a.c) - starts(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** True when a key press is typing into a field (shortcuts like "?" stay out of it). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as { tagName?: unknown }).tagName !== 'string') return false;
  const el = target as unknown as { tagName: string; isContentEditable?: boolean; type?: string };
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  return tag === 'input' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type ?? 'text');
}
