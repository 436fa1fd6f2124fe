import type { TimelineInput } from './raw-event';
import { MAX_RANGE } from '../../../shared/schemas';

export interface LogText {
  /** The first part (or all) of the member. */
  head: string;
  /** The last part when the middle was skipped, beginning at a line start. */
  tail: string | null;
  size: number;
  /** Bytes not read (the middle), 0 when read whole. */
  skipped: number;
}

async function readRange(s: TimelineInput, name: string, from: number, to: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = from; at < to;) {
    const page = await s.readMember(name, at, Math.min(MAX_RANGE, to - at));
    if (page.data.length === 0) break;
    parts.push(page.data);
    at += page.data.length;
  }
  return Buffer.concat(parts);
}

/**
 * A log member as text, at most `maxBytes` of it: a longer one is read as
 * its head and its tail (both halves of the budget), the middle counted as
 * skipped, so the first lines (CRIU's version) and the last (the end of the
 * dump, the lines nearest the checkpoint) are both there.
 */
export async function readLogText(s: TimelineInput, name: string, size: number, maxBytes: number): Promise<LogText> {
  if (size <= maxBytes)
    return { head: (await readRange(s, name, 0, size)).toString('utf8'), tail: null, size, skipped: 0 };
  const half = Math.floor(maxBytes / 2);
  const head = (await readRange(s, name, 0, half)).toString('utf8');
  const rawTail = (await readRange(s, name, size - half, size)).toString('utf8');
  const cut = rawTail.indexOf('\n');
  return {
    head: head.slice(0, head.lastIndexOf('\n') + 1),
    tail: rawTail.slice(cut + 1),
    size,
    skipped: size - 2 * half,
  };
}

export function logLines(t: LogText): string[] {
  // concat, not push(...): a log has more lines than a call may take arguments.
  const lines = t.tail === null ? t.head.split('\n') : t.head.split('\n').concat(t.tail.split('\n'));
  return lines.filter((l) => l.length > 0);
}
