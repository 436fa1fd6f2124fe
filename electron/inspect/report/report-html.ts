import { createHash } from 'node:crypto';
import { uniqueProblems } from '../../../shared/problems';
import { boundedJson } from './bounded-json';
import type { ProvenanceField } from '../../../shared/dto/timeline';
import type { ArchiveReport, ReportProcess } from './report-model';
import { mountOptionsText, mountSourceText } from '../../../shared/view/mount-text';
import { lsmText, seccompModeFact, securitySummaryFacts, yesNoText } from '../../../shared/view/security-facts';

/** Every archive-derived string goes through this; attributes are always double-quoted. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return (
    String(value ?? '')
      .replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is being replaced
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD')
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.mono,span.mono,code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
ul.tree,ul.tree ul{list-style:none;padding-left:1.25rem;margin:0}ul.tree li{margin:.15rem 0}
.sev-high{color:#b42318;font-weight:600}.sev-medium{color:#9a6700;font-weight:600}.sev-low{color:#57606a}
dl{display:grid;grid-template-columns:minmax(auto,14rem) minmax(0,1fr);gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ul.tree li{overflow-wrap:anywhere}
.muted{color:#57606a}`;

/** The CSP allows nothing but this exact stylesheet: no scripts, no fetches, no images from anywhere. */
function csp(): string {
  const hash = createHash('sha256').update(STYLE).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'`;
}

type Cell = string | number | boolean | null | undefined;

function table(headers: string[], rows: Cell[][], mono: number[] = [], id?: string): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${mono.includes(i) ? ' class="mono"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table${id ? ` id="${id}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Every process of the forest, iteratively (a report's tree is MAX_TREE_DEPTH deep, and wide). */
function allPids(roots: readonly ReportProcess[]): Set<number> {
  const pids = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const p = stack.pop() as ReportProcess;
    pids.add(p.pid);
    for (const c of p.children) stack.push(c);
  }
  return pids;
}

/**
 * The process forest as nested lists, written without recursion into one
 * array of parts joined once (never a string per level: that copies each
 * subtree once per level above it). A root whose parent is in the report was
 * shown apart (the tree's depth limit, or a ppid loop) and says under whom.
 */
function tree(roots: readonly ReportProcess[]): string {
  if (roots.length === 0) return '';
  const present = allPids(roots);
  const parts: string[] = ['<ul class="tree" id="process-tree">'];
  const stack: Array<{ p: ReportProcess; root: boolean } | string> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ p: roots[i] as ReportProcess, root: true });
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    const { p, root } = item;
    const apart =
      root && p.ppid !== p.pid && present.has(p.ppid)
        ? ` <span class="muted">(under pid ${escapeHtml(p.ppid)}, shown apart)</span>`
        : '';
    parts.push(
      `<li><strong>[${escapeHtml(p.pid)}] ${escapeHtml(p.comm)}</strong> <span class="muted">${escapeHtml(p.state)}</span> <span class="mono">${escapeHtml(p.cmdline.join(' '))}</span>${apart}`,
    );
    if (p.children.length === 0) {
      parts.push('</li>');
      continue;
    }
    parts.push('<ul>');
    stack.push('</ul></li>');
    for (let i = p.children.length - 1; i >= 0; i--) stack.push({ p: p.children[i] as ReportProcess, root: false });
  }
  parts.push('</ul>');
  return parts.join('');
}

function dl(pairs: [string, Cell][], id?: string): string {
  return `<dl${id ? ` id="${id}"` : ''}>${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v ?? '—')}</dd>`).join('')}</dl>`;
}

function provenanceHtml(p: ArchiveReport['provenance']): string {
  if (!p) return '';
  const fields = (title: string, list: ProvenanceField[] | null): string =>
    list
      ? `<h3>${escapeHtml(title)}</h3>${table(
          ['Field', 'Meaning', 'Value'],
          list.map((f) => [f.key, f.label, f.text]),
          [0],
        )}`
      : '';
  return `<h2>Provenance</h2>${dl([
    ['CRIU version (dump.log)', p.criuVersion],
    ['Kernel (dump.log)', p.kernel],
    ['CRIU run ids', p.runIds.join(', ') || null],
    ['Written by', p.writer],
    ['CRIU set-up lines', p.criuSettings.join(' · ') || null],
    ['Plugin images', p.pluginImages.map((i) => `${i.name} (${i.size} bytes, ${i.kind})`).join('; ') || 'none'],
  ])}${fields('Dump statistics (stats-dump)', p.dumpStats)}${fields('Restore statistics', p.restoreStats)}${fields('Inventory (inventory.img)', p.inventory)}`;
}

/** What CRIU saw of each process's security context, each filter chain's decoded exceptions, the spec's differences. */
function securityHtml(s: ArchiveReport['security']): string {
  if (!s) return '';
  const procs = table(
    ['PID', 'Command', 'UID (r e s fs)', 'CapEff', 'CapBnd', 'No new privileges', 'Seccomp', 'LSM label'],
    s.processes.map((p) => [
      p.pid,
      p.comm,
      p.uid?.join(' ') ?? null,
      p.capHex?.effective ?? null,
      p.capHex?.bounding ?? null,
      yesNoText(p.noNewPrivs),
      seccompModeFact(p.seccompMode, p.seccompChain).text,
      lsmText(p.lsmProfile),
    ]),
    [3, 4],
    'security-processes',
  );
  const chains = s.seccomp
    .map(
      (c) =>
        `<h3>Seccomp filter chain ${c.top}</h3>${table(
          ['Architecture', 'Most syscalls', 'The others'],
          c.arches.map((a) => [
            a.arch,
            `${a.commonAction.text} (${a.counts[a.commonAction.text] ?? 0})`,
            a.syscalls
              .map((v) => `${v.name}: ${v.dependsOnArgs ? v.possible.map((x) => x.text).join(' | ') : v.action.text}`)
              .join('; '),
          ]),
          [2],
        )}`,
    )
    .join('');
  const diffs = s.spec
    ? s.differences.length === 0
      ? '<p>No difference between the spec and what CRIU saw.</p>'
      : table(
          ['Area', 'PID', 'Difference'],
          s.differences.map((d) => [d.area, d.pid, d.message]),
        )
    : '<p class="muted">No spec.dump to compare with.</p>';
  return `<h2>Security context (CRIU)</h2>${procs}${chains}<h3>Spec beside CRIU</h3>${diffs}`;
}

function timelineHtml(t: ArchiveReport['timeline']): string {
  if (!t) return '';
  const notes = t.notes.map((n) => `<p class="muted">${escapeHtml(n)}</p>`).join('');
  return `<h2>Timeline (${t.events.length})</h2>${notes}${table(
    ['Time (UTC)', 'Relative', 'Source', 'What', 'From'],
    t.events.map((e) => [
      e.time,
      e.relative,
      e.source,
      e.derived ? `${e.label} (derived)` : e.label,
      `${e.member} ${e.field}`,
    ]),
    [0, 4],
  )}`;
}

/** A self-contained HTML report: no scripts, no external resources, readable offline. */
export function renderReportHtml(r: ArchiveReport): string {
  const o = r.overview;
  const sec = o?.security;
  const title = `Checkpoint report: ${r.archive.fileName}`;
  const sections = [
    `<h2>Chain of custody</h2>${dl([
      ['Archive', r.archive.fileName],
      ['Size (bytes)', r.archive.size],
      ['SHA-256', r.archive.sha256],
      ['Tool', `${r.tool.name} ${r.tool.version}`],
      ['Analyzed at', r.analyzedAt],
    ])}`,
    `<h2>Overview</h2>${dl([
      ['Container', o?.containerName],
      ['Container id', o?.containerId],
      ['Image', o?.image],
      ['Engine', r.archive.engine],
      ['Runtime', o?.runtime],
      ['Pod', o?.podName ? `${o.podName} (${o.podNamespace ?? ''})` : null],
      ['Checkpointed at', o?.checkpointedAt],
      ['CRIU', o?.criuVersion],
      ['Processes', o?.processCount],
      ['IP', o?.ip],
    ])}`,
    `<h2>Process tree</h2>${tree(r.processTree) || '<p class="muted">No processes.</p>'}`,
    `<h2>Security</h2>${
      sec
        ? dl(
            securitySummaryFacts(sec).map((f): [string, Cell] => [f.label, f.text]),
            'security-summary',
          )
        : '<p class="muted">No spec.dump.</p>'
    }`,
    `<h2>Findings (${r.findings.findings.length})</h2>${table(
      ['Severity', 'Rule', 'Name', 'Value (masked)', 'Where'],
      r.findings.findings.map((f) => [
        f.severity,
        f.title,
        f.name ?? '',
        f.masked,
        f.locations.map((l) => l.where).join('; '),
      ]),
      [3],
    ).replace(/<td>(high|medium|low)<\/td>/g, '<td class="sev-$1">$1</td>')}`,
    `<h2>Open files (${r.files.length})</h2>${table(
      ['PID', 'Process', 'FD', 'Type', 'Path'],
      r.files.map((f) => [f.pid, f.comm, f.fd, f.type, f.path]),
      [4],
    )}`,
    `<h2>Sockets (${r.sockets.length})</h2>${table(
      ['PID', 'Process', 'Protocol', 'State', 'Local', 'Remote'],
      r.sockets.map((s) => [
        s.pid,
        s.comm,
        s.protocol,
        s.state,
        s.path ?? `${s.localAddress}:${s.localPort ?? ''}`,
        `${s.remoteAddress}:${s.remotePort ?? ''}`,
      ]),
    )}`,
    `<h2>Mounts (${r.mounts.length})</h2>${table(
      ['From', 'Destination', 'Type', 'Source', 'Options'],
      r.mounts.map((m) => [m.source, m.destination, m.type, mountSourceText(m), mountOptionsText(m)]),
      [1, 3, 4],
    )}`,
    `<h2>Rootfs diff (${r.rootfs.length})</h2>${table(
      ['Change', 'Type', 'Size', 'Path'],
      r.rootfs.map((e) => [e.change, e.type, e.size, e.path + (e.linkTarget ? ` -> ${e.linkTarget}` : '')]),
      [3],
    )}`,
    `<h2>Member hashes (${r.integrity?.members.length ?? 0})</h2>${
      r.integrity
        ? table(
            ['Member', 'Size', 'SHA-256'],
            r.integrity.members.filter((m) => m.sha256 !== null).map((m) => [m.name, m.size, m.sha256]),
            [0, 2],
          )
        : '<p class="muted">Not computed (see problems).</p>'
    }`,
    provenanceHtml(r.provenance),
    timelineHtml(r.timeline),
    securityHtml(r.security),
    r.problems.length + (o?.warnings.length ?? 0) > 0
      ? `<h2>Problems</h2>${table(
          ['Where', 'PID', 'Code', 'Message'],
          uniqueProblems([...r.problems, ...(o?.warnings ?? [])]).map((p) => [
            p.where,
            p.pid === undefined ? '' : String(p.pid),
            p.code,
            p.message,
          ]),
        )}`
      : '',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Generated by ${escapeHtml(r.tool.name)} ${escapeHtml(r.tool.version)} at ${escapeHtml(r.analyzedAt)}. Secret values are masked.</p>
${sections.join('\n')}
</body>
</html>
`;
}

/** The report as JSON: indentation bounded, so a deep process tree stays linear in size. */
export function renderReportJson(r: ArchiveReport): string {
  return boundedJson(r, 2, '\n');
}
