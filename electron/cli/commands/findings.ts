import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';
import { ProblemLog } from '../format/problems';
import { parse } from '../format/parse';
import { renderTable } from '../format/table';
import { jsonText } from '../format/json-text';
import { findSecrets } from '../../inspect/findings/find-secrets';
import { sessionSource } from '../../inspect/search/memory-source';

const USAGE = 'usage: checkpoint-inspector findings ARCHIVE [--format table|json] [--no-memory] [--reveal]';

/** `findings`: credentials found in environment, command lines, spec/config, rootfs-diff files and memory. */
export const findingsCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        format: { type: 'string', short: 'o', default: 'table' },
        'no-memory': { type: 'boolean' },
        reveal: { type: 'boolean' },
      },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const { values: secrets, ...report } = await findSecrets(s, {
        memory: values['no-memory'] ? null : sessionSource(s),
      });
      const shown = values.reveal
        ? report.findings.map((f) => ({ ...f, value: secrets.get(f.id) ?? '' }))
        : report.findings;
      const done = (): number => {
        const log = new ProblemLog();
        log.add(report.problems);
        log.report(s.path);
        if (report.complete) return EXIT.ok;
        writeError(
          `checkpoint-inspector: ${terminalSafe(s.path)}: findings incomplete: some places could not be scanned\n`,
        );
        return EXIT.incomplete;
      };
      if (format === 'json') {
        await write(`${jsonText({ ...report, findings: shown }, 2)}\n`);
        return done();
      }
      const rows = shown.map((f) => {
        const first = f.locations[0]?.where ?? '';
        const more = f.locations.length > 1 ? ` (+${f.locations.length - 1} more)` : '';
        const value = 'value' in f && typeof f.value === 'string' ? f.value : f.masked;
        return [f.severity, f.ruleId, f.name ?? '', value, first + more];
      });
      await write(renderTable(['Severity', 'Rule', 'Name', 'Value', 'Where'], rows));
      if (!report.complete)
        await write(`incomplete: ${report.problems.length} place(s) not scanned (listed on stderr)\n`);
      return done();
    });
  },
};
