import type { Provenance, ProvenanceField } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { archiveProvenance } from '../../app/timeline';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';

const USAGE = 'usage: checkpoint-inspector provenance ARCHIVE [-o, --format table|json]';

function fields(title: string, list: readonly ProvenanceField[] | null, absent: string): string {
  if (list === null) return `${title}: ${absent}\n\n`;
  return `${title}:\n${renderTable(
    ['Field', 'Meaning', 'Value'],
    list.map((f) => [f.key, f.label, f.text]),
  )}\n`;
}

function text(p: Provenance): string {
  const line = (k: string, v: string | null): string => `${k}: ${terminalSafe(v ?? 'not recorded')}\n`;
  return [
    line('CRIU version (dump.log)', p.criuVersion),
    line('Kernel (dump.log)', p.kernel),
    line('CRIU run ids (dump.log)', p.runIds.length > 0 ? p.runIds.join(', ') : null),
    line('Archive written by', p.writer),
    p.criuSettings.length > 0
      ? `CRIU set-up lines (dump.log; CRIU logs no command line):\n${p.criuSettings.map((l) => `  ${terminalSafe(l)}\n`).join('')}`
      : 'CRIU set-up lines (dump.log): none\n',
    '\n',
    fields('Dump statistics (stats-dump, dump_stats_entry)', p.dumpStats, 'no stats-dump in the archive'),
    p.restoreStats ? fields('Restore statistics (stats-dump)', p.restoreStats, '') : '',
    fields('Inventory (checkpoint/inventory.img)', p.inventory, 'no inventory.img in the archive'),
    p.pluginImages.length > 0
      ? `Plugin and unknown images:\n${renderTable(
          ['Image', 'Size', 'Kind'],
          p.pluginImages.map((i) => [i.name, String(i.size), i.kind]),
        )}`
      : 'Plugin and unknown images: none\n',
  ].join('');
}

/** `provenance`: what made the dump and what CRIU measured (stats-dump, inventory, versions, plugin images). */
export const provenanceCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, { format: { type: 'string', short: 'o', default: 'table' } }, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const p = await archiveProvenance(s);
      const log = new ProblemLog();
      log.add(p.problems);
      await write(format === 'json' ? `${jsonText(p, 2)}\n` : text(p));
      log.report(s.path);
      return log.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
