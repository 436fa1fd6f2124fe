import type { TimelineSource } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { archiveTimeline, filterTimeline, TIMELINE_SOURCES } from '../../app/timeline';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';

const USAGE = `usage: checkpoint-inspector timeline ARCHIVE [-o, --format table|json] [-s, --source LIST]
  LIST: comma-separated sources, of ${TIMELINE_SOURCES.join(', ')}`;

function sources(value: string | undefined): TimelineSource[] {
  if (value === undefined) return [];
  const names = value.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(TIMELINE_SOURCES as readonly string[]).includes(n));
  if (bad.length > 0) throw new CliUsageError(`unknown source ${bad.join(', ')}\n${USAGE}`);
  return names as TimelineSource[];
}

/** `timeline`: every time the archive holds, sorted, with where it was read (UTC, local, relative to the checkpoint). */
export const timelineCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      { format: { type: 'string', short: 'o', default: 'table' }, source: { type: 'string', short: 's' } },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    const only = sources(values.source);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const t = filterTimeline(await archiveTimeline(s), only);
      const log = new ProblemLog();
      log.add(t.problems);
      if (format === 'json') await write(`${jsonText(t, 2)}\n`);
      else {
        const rows = t.events.map((e) => [
          e.time,
          e.local,
          e.relative ?? '',
          e.source,
          `${e.member} ${e.field}`,
          `${e.label}${e.derived ? ' [derived]' : ''}`,
        ]);
        await write(renderTable(['Time (UTC)', `Local (${t.zone})`, 'Relative', 'Source', 'From', 'What'], rows));
        await write(t.notes.map((n) => `note: ${terminalSafe(n)}\n`).join(''));
      }
      log.report(s.path);
      return log.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
