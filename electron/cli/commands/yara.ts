import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';
import { ProblemLog } from '../format/problems';
import { parse } from '../format/parse';
import { renderTable } from '../format/table';
import { jsonText } from '../format/json-text';
import type { YaraCompileError, YaraHit, YaraReport } from '../../../shared/dto/yara';
import { readRuleFiles } from '../../inspect/yara/rule-files';
import { createHeavyRunner } from '../../workers/heavy-runner';

const USAGE = 'usage: checkpoint-inspector yara ARCHIVE [--rules PATH]... [--format table|json]';
const HELP = `${USAGE}
  YARA rules over the memory of every process (VMA by VMA), every file of
  rootfs-diff.tar and the recovered in-memory files.
  --rules PATH   a rule file, or a folder of .yar/.yara files (repeatable);
                 without it, the bundled starter rules
  --format F     table (default) or json
`;

const hex = (n: number) => `0x${n.toString(16)}`;

function place(hit: YaraHit): [string, string, string, string] {
  if (hit.target === 'memory') {
    const v = hit.vma;
    const vma = `${hex(v.start)}-${hex(v.end)} ${v.prot}${v.file ? ` ${v.file}` : ''}`;
    return [String(hit.pid), hit.comm, hex(hit.address), vma];
  }
  return ['', hit.target, hex(hit.address), hit.path];
}

function compileErrorLine(e: YaraCompileError): string {
  const at = e.line === null ? '' : `:${e.line}:${e.column ?? 0}`;
  return `checkpoint-inspector: ${terminalSafe(e.file)}${at}: ${terminalSafe(e.message)}\n`;
}

async function scan(sessionPath: string, report: YaraReport, json: boolean): Promise<number> {
  if (json) await write(`${jsonText(report, 2)}\n`);
  if (report.compileErrors.length > 0) {
    for (const e of report.compileErrors) writeError(compileErrorLine(e));
    return EXIT.failure;
  }
  if (!json) {
    const rows = report.hits.map((h) => {
      const strings = h.strings.map((s) => `${s.identifier}@${hex(s.address)}`).join(' ');
      const more = h.stringCount > h.strings.length ? ` (+${h.stringCount - h.strings.length})` : '';
      return [...place(h), h.rule, strings + more];
    });
    await write(renderTable(['PID', 'Process', 'Address', 'VMA / path', 'Rule', 'Strings'], rows));
    const s = report.scanned;
    await write(
      `${report.hits.length} hit(s) of ${report.rules} rule(s); scanned ${s.memoryBytes} bytes in ${s.vmas} VMAs of ${s.processes} process(es) (${s.notInCheckpointBytes} bytes of those VMAs are not in the checkpoint), ${s.files} file(s) of ${s.fileBytes} bytes, in ${report.elapsedMs} ms\n`,
    );
  }
  const log = new ProblemLog();
  log.add(report.problems);
  log.report(sessionPath);
  if (report.complete) return EXIT.ok;
  writeError(`checkpoint-inspector: ${terminalSafe(sessionPath)}: yara incomplete: some places could not be scanned\n`);
  return EXIT.incomplete;
}

/** `yara`: YARA rules over a whole checkpoint. */
export const yaraCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        rules: { type: 'string', short: 'r', multiple: true },
        format: { type: 'string', short: 'o', default: 'table' },
      },
      USAGE,
    );
    if (values.help) {
      await write(HELP);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    const rulePaths = values.rules ?? [];
    const files = await readRuleFiles(rulePaths);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      // In a worker: its deadline also ends a scan stuck inside one window.
      const heavy = createHeavyRunner();
      try {
        const report = await heavy.run({ kind: 'yara', request: { bundled: rulePaths.length === 0, files } }, [s]);
        return await scan(s.path, report, format === 'json');
      } finally {
        await heavy.close();
      }
    });
  },
};
