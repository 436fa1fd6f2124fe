import type { MemberInfo, RootfsEntry } from '../../../shared/dto';
import { parseRfc3339, type Instant } from './instant';
import type { RawEvent } from './raw-event';

const NOTES_MEMBER = 'checkpoint-inspector.json';

/** A tar mtime (shown by the session as ISO with milliseconds): whole seconds unless the tar held a fraction (pax). */
export function stamp(text: string | null): Instant | null {
  const at = text ? parseRfc3339(text) : null;
  return at && at.ns % 1_000_000_000n === 0n ? { ns: at.ns, digits: 0 } : at;
}

/**
 * The archive's own member times (tar mtimes, whole seconds): one row per
 * distinct time, naming how many members carry it, so forty images written
 * in the same second are one line, not forty.
 */
export function memberTimes(members: readonly MemberInfo[]): { events: RawEvent[]; untimed: number } {
  const groups = new Map<string, { at: Instant; names: string[] }>();
  let untimed = 0;
  for (const m of members) {
    const at = stamp(m.mtime);
    if (!at) {
      untimed++;
      continue;
    }
    const g = groups.get(m.mtime as string) ?? { at, names: [] };
    g.names.push(m.name);
    groups.set(m.mtime as string, g);
  }
  const events: RawEvent[] = [];
  for (const g of groups.values()) {
    const notes = g.names.includes(NOTES_MEMBER);
    const shown = g.names.slice(0, 3).join(', ') + (g.names.length > 3 ? `, … (${g.names.length - 3} more)` : '');
    events.push({
      at: g.at,
      source: 'archive',
      member: g.names.length === 1 ? (g.names[0] as string) : 'archive members',
      field: 'mtime',
      label: `${g.names.length} archive member${g.names.length === 1 ? '' : 's'} stamped (${shown})${notes ? '; the checkpoint-inspector.json notes were written then' : ''}`,
    });
  }
  return { events, untimed };
}

/** rootfs-diff.tar members by mtime: what the container wrote, "after start" when at or after its start (to the second the tar holds). */
export function rootfsTimes(
  entries: readonly RootfsEntry[],
  started: Instant | null,
): { events: RawEvent[]; untimed: string[] } {
  const events: RawEvent[] = [];
  const untimed: string[] = [];
  for (const e of entries) {
    const at = stamp(e.mtime);
    if (!at) {
      untimed.push(e.path);
      continue;
    }
    // Without the base image a written path is "added or changed" (the rootfs view's A/M).
    const what =
      e.change === 'deleted'
        ? 'deleted (whiteout stamped)'
        : `${e.type} ${e.change === 'added' ? 'added' : 'added or changed'}, last written`;
    const when =
      started === null
        ? ''
        : afterStart(at, started)
          ? ', at or after the container started (to the second)'
          : ', before the container started';
    events.push({ at, source: 'rootfs', member: 'rootfs-diff.tar', field: e.path, label: `${e.path}: ${what}${when}` });
  }
  return { events, untimed };
}

/** At or after `started`, compared at the precision `at` holds (a tar's whole second that contains the start counts as after). */
export function afterStart(at: Instant, started: Instant): boolean {
  const unit = 10n ** BigInt(9 - at.digits);
  return at.ns >= (started.ns / unit) * unit;
}
