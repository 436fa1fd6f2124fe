import type { ArchiveDiff } from '../../../shared/dto/forensics';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { problemStderrLine } from '../format/problems';
import { byteToString } from '../format/units';
import { diffArchives } from '../../inspect/diff/diff-archives';
import { terminalSafe } from '../../../shared/terminal-safe';
import { jsonText } from '../format/json-text';

const USAGE = 'usage: checkpoint-inspector diff ARCHIVE_A ARCHIVE_B [--format tree|json]';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The diff as an indented tree; sections with nothing in them are left out.
 * Each line is made of archive values and is escaped whole: none of them can
 * break a line or drive the terminal.
 */
export function diffTree(d: ArchiveDiff): string {
  const out: string[] = [terminalSafe(`${d.a.fileName} -> ${d.b.fileName}`)];
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(`├── ${title}`);
    lines.forEach((l, i) => out.push(`│   ${i === lines.length - 1 ? '└──' : '├──'} ${terminalSafe(l)}`));
  };
  section('Processes', [
    ...d.processes.added.map((p) => `+ [${p.pid}] ${p.comm}  ${p.cmdline.join(' ')}`),
    ...d.processes.removed.map((p) => `- [${p.pid}] ${p.comm}  ${p.cmdline.join(' ')}`),
    ...d.processes.changed.flatMap((c) => [
      `~ [${c.pid}] ${c.comm}: ${c.fields.join(', ')}`,
      ...c.details.map((x) => `    ${x.field}: ${show(x.before)} -> ${show(x.after)}`),
    ]),
  ]);
  section('Open files', [
    ...d.files.added.map((f) => `+ [${f.pid}] fd ${f.fd} ${f.type} ${f.path}`),
    ...d.files.removed.map((f) => `- [${f.pid}] fd ${f.fd} ${f.type} ${f.path}`),
  ]);
  section('Sockets', [
    ...d.sockets.added.map((s) => `+ [${s.pid}] ${s.protocol} ${s.local} ${s.remote} ${s.state}`),
    ...d.sockets.removed.map((s) => `- [${s.pid}] ${s.protocol} ${s.local} ${s.remote} ${s.state}`),
  ]);
  section(
    'Memory',
    d.memory.map(
      (m) =>
        `[${m.pid}] ${m.comm}: ${m.before === null ? '-' : byteToString(m.before)} -> ${m.after === null ? '-' : byteToString(m.after)}`,
    ),
  );
  section('Rootfs diff', [
    ...d.rootfs.added.map((e) => `+ ${e.path} (${e.type}, ${e.size} bytes)`),
    ...d.rootfs.removed.map((e) => `- ${e.path} (${e.type})`),
    ...d.rootfs.changed.map((e) => `~ ${e.path}: ${e.before} -> ${e.after}`),
  ]);
  section(
    'spec.dump',
    d.spec.map((c) => `${c.path}: ${show(c.before)} -> ${show(c.after)}`),
  );
  section(
    'config.dump',
    d.config.map((c) => `${c.path}: ${show(c.before)} -> ${show(c.after)}`),
  );
  return `${out.join('\n')}\n`;
}

/** `diff`: what changed between two checkpoints. */
export const diffCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, { format: { type: 'string', short: 'o', default: 'tree' } }, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (values.format !== 'tree' && values.format !== 'json')
      throw new CliUsageError(`--format is tree or json\n${USAGE}`);
    if (positionals.length !== 2) throw new CliUsageError(`two archives are needed\n${USAGE}`);
    return withSessions(positionals, async ([a, b]) => {
      if (!a || !b) return EXIT.failure;
      const d = await diffArchives(a, b);
      await write(values.format === 'json' ? `${jsonText(d, 2)}\n` : diffTree(d));
      // Each problem names the side it is on: a difference is only as good as both reads.
      for (const p of d.problems) writeError(problemStderrLine(p.side === 'a' ? a.path : b.path, p));
      return d.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
