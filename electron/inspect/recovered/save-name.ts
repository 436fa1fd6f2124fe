import type { RecoveredItem } from '../../../shared/dto';

const MAX_HINT_CHARS = 48;

/** Only letters, digits, '.', '_' and '-': no '/', no control characters, nothing a shell or a terminal reads. */
function safePart(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, MAX_HINT_CHARS)
    .replace(/[._]+$/, '');
}

/**
 * The file name an item is saved under: kind, first owner's pid and fd, the
 * CRIU id, and a hint from the label's last path part, e.g.
 * `ghost-file-pid7-fd3-42-secret.txt.bin`. Derived from archive-controlled
 * text, so it is reduced to a safe alphabet: never a path, never '.' or '..'.
 */
export function saveName(item: RecoveredItem): string {
  const owner = item.owners[0];
  const idPart = safePart(item.id.slice(item.id.indexOf(':') + 1));
  const label = item.label.slice(item.label.lastIndexOf('/') + 1);
  const hint = item.kind === 'ghost-file' || item.kind === 'memfd' || item.kind === 'fifo' ? safePart(label) : '';
  const parts = [item.kind, owner ? `pid${owner.pid}-fd${owner.fd}` : 'no-owner', idPart, hint].filter((p) => p !== '');
  return `${parts.join('-')}.bin`;
}
