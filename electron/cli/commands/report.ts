import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { assertOutputTarget } from '../../fs/output-file';
import { writeReport } from '../../inspect/report/write-report';
import { recordCustody } from '../../app/custody';
import { isAppError } from '../../../shared/errors';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = 'usage: checkpoint-inspector report ARCHIVE --output FILE [--format html|json] [--no-memory]';

/** `report`: a self-contained HTML (or JSON) report of one archive, for the record. */
export const reportCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        output: { type: 'string', short: 'O' },
        format: { type: 'string', short: 'o', default: 'html' },
        'no-memory': { type: 'boolean' },
      },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'html' && format !== 'json') throw new CliUsageError(`--format is html or json\n${USAGE}`);
    if (typeof values.output !== 'string' || values.output.length === 0)
      throw new CliUsageError(`--output FILE is needed\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    const output = values.output;
    // Refused before the archive is read: a link, FIFO or device named as the output is a usage error.
    // writeReport checks again at commit, when the name may have changed since.
    await assertOutputTarget(output, true).catch((error: unknown) => {
      throw isAppError(error) ? new CliUsageError(`--output: ${error.message}`) : error;
    });
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const { problems } = await writeReport(s, output, format, { memory: !values['no-memory'] });
      writeError(`report written to ${terminalSafe(output)}\n`);
      const custody = await recordCustody(s, { action: 'exported', what: `report (${format})`, target: output });
      if (!custody.ok) problems.push(custody.problem);
      // The report lists them too; stderr and the exit code say the report is incomplete.
      const log = new ProblemLog();
      log.add(problems);
      log.report(s.path);
      return problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
