import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';
import { byteToString, rfc3339 } from '../format/units';
import { engineLabel } from '../../inspect/engine';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = 'usage: checkpoint-inspector show ARCHIVE...';

/** `show`: one table row per archive, as `checkpointctl show`. */
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
      if (many) header.push('IP', 'MAC', 'CHKPT Size', 'Root Fs Diff Size');
      const rows: string[][] = [];
      const logs: [string, ProblemLog][] = [];
      for (const s of sessions) {
        const o = await s.overview();
        // What `show` prints comes from config.dump, spec.dump and the index: their problems are its problems.
        const log = new ProblemLog();
        log.add(s.summary().warnings);
        logs.push([s.path, log]);
        const row = [
          o.containerName ?? '',
          o.image ?? '',
          (o.containerId ?? '').slice(0, 12),
          o.runtime ?? '',
          rfc3339(o.createdAt),
          engineLabel(o.engine),
        ];
        if (many) row.push(o.ip ?? '', o.mac ?? '', byteToString(o.checkpointSize), byteToString(o.rootfsDiffSize));
        else {
          await write(`\nDisplaying container checkpoint data from ${terminalSafe(s.path)}\n\n`);
          const column = (name: string, value: string): void => {
            header.push(name);
            row.push(value);
          };
          if (o.ip) column('IP', o.ip);
          if (o.mac) column('MAC', o.mac);
          column('CHKPT Size', byteToString(o.checkpointSize));
          if (o.rootfsDiffSize) column('Root Fs Diff Size', byteToString(o.rootfsDiffSize));
        }
        rows.push(row);
      }
      await write(renderTable(header, rows));
      for (const [path, log] of logs) log.report(path);
      return logs.some(([, log]) => log.problems.length > 0) ? EXIT.incomplete : EXIT.ok;
    });
  },
};
