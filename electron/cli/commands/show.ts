import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { containerNameText, createdText } from '../format/checkpointctl-values';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { reportProblems } from '../format/problem-report';
import { renderTable } from '../format/table';
import { byteToString } from '../format/units';
import { engineLabel } from '../../inspect/engine';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = `usage: checkpoint-inspector show ARCHIVE...

Show an overview of container checkpoints, as checkpointctl show: one row per
archive. What could be read is printed; what could not is named on stderr,
and the exit status is then non-zero.
  -h, --help   help for show`;

/** `show`: one table row per archive, with checkpointctl's columns. */
export const showCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, {}, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new CliUsageError(`an archive is needed\n${USAGE}`);
    return withSessions(positionals, async (sessions) => {
      const header = ['Container', 'Image', 'ID', 'Runtime', 'Created', 'Engine'];
      const many = sessions.length > 1;
      if (many) header.push('CHKPT Size', 'Root Fs Diff Size');
      const rows: string[][] = [];
      for (const s of sessions) {
        const o = await s.overview();
        const row = [
          containerNameText(o),
          o.image ?? '',
          (o.containerId ?? '').slice(0, 12),
          o.runtime ?? '',
          createdText(o),
          engineLabel(o.engine),
          byteToString(o.checkpointSize),
        ];
        if (many) row.push(byteToString(o.rootfsDiffSize));
        else {
          await write(`\nDisplaying container checkpoint data from ${terminalSafe(s.path)}\n\n`);
          header.push('CHKPT Size');
          if (o.rootfsDiffSize) {
            header.push('Root Fs Diff Size');
            row.push(byteToString(o.rootfsDiffSize));
          }
        }
        rows.push(row);
      }
      await write(renderTable(header, rows));
      // What `show` prints comes from config.dump, spec.dump and the index: their problems are its problems.
      let code: number = EXIT.ok;
      for (const s of sessions) code = Math.max(code, reportProblems(s.path, s.summary().warnings));
      return code;
    });
  },
};
