import type { CustodyLog } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { readCustody } from '../../app/custody-read';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { jsonText } from '../format/json-text';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { renderTable } from '../format/table';

const USAGE = 'usage: checkpoint-inspector custody [--format table|json]';

function table(log: CustodyLog): string {
  const rows = log.entries.map((e) => [
    e.at,
    e.action,
    `${e.user.name ?? '?'} (uid ${e.user.uid ?? '?'})@${e.host}`,
    [e.what, e.target].filter((x) => x !== undefined).join(' -> ') || '-',
    e.archive.sha256 ?? '-',
    e.archive.path,
  ]);
  return renderTable(['When (UTC)', 'Action', 'Who', 'What', 'Archive sha256', 'Archive'], rows);
}

/** `custody`: the custody log of this account (what was opened, hashed, verified, exported), as it was written. */
export const custodyCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, { format: { type: 'string', short: 'o', default: 'table' } }, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    if (positionals.length !== 0) throw new CliUsageError(`custody takes no archive\n${USAGE}`);
    const log = await readCustody();
    await write(format === 'json' ? `${jsonText(log, 2)}\n` : table(log));
    // Never dropped, never repaired: each broken line is said, and the exit code says the log is not whole.
    for (const b of log.broken)
      writeError(
        `checkpoint-inspector: ${terminalSafe(log.file)}: line ${b.line} is broken (${terminalSafe(b.reason)}): ${terminalSafe(b.text)}\n`,
      );
    return log.broken.length > 0 ? EXIT.incomplete : EXIT.ok;
  },
};
