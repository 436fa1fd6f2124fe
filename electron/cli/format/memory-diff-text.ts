// `diff --memory` as text: a short summary of the memory diff, one line per
// process and per VMA with a difference (the pages themselves are in JSON).
import type { MemoryDiff, MemoryDiffCounts, MemoryDiffVma } from '../../../shared/dto/memory-diff';
import { terminalSafe } from '../../../shared/terminal-safe';

const hex = (n: number) => `0x${n.toString(16)}`;
const counts = (c: MemoryDiffCounts) =>
  `${c.changed} changed, ${c.added} added, ${c.removed} removed${c.unread > 0 ? `, ${c.unread} unread (not in one side's dump)` : ''}`;

function vmaLine(v: MemoryDiffVma): string {
  const r = (v.b ?? v.a)!;
  const what = v.match === 'same' ? '' : ` [${v.match}${v.moved ? `: ${v.moved}` : ''}]`;
  return `    VMA ${hex(r.start)}-${hex(r.end)} ${r.prot} ${terminalSafe(r.file ?? '(anonymous)')}${what}: ${counts(v)}`;
}

export function memoryDiffText(d: MemoryDiff): string {
  const lines = [`Memory diff (each ${d.pageSize / 1024} KiB page by content): ${counts(d)}, ${d.same} same`];
  for (const p of d.processes) {
    if (p.match === 'both' && p.added + p.removed + p.changed + p.unread === 0 && p.vmas.length === 0) continue;
    const side = p.match === 'both' ? '' : ` (${p.match === 'added' ? 'only in B' : 'only in A'})`;
    lines.push(`  PID ${p.pid} ${terminalSafe(p.comm)}${side}: ${counts(p)}${p.complete ? '' : ' (incomplete)'}`);
    lines.push(...p.vmas.map(vmaLine));
  }
  if (d.pagesNotListed > 0) lines.push(`  (${d.pagesNotListed} differing pages not listed in JSON)`);
  return `${lines.join('\n')}\n`;
}
