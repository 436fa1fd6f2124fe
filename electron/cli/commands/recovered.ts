import type { RecoveredItem } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { recoveredList, saveAllRecovered } from '../../app/recovered';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';

const USAGE = `usage: checkpoint-inspector recovered ARCHIVE [--save DIR] [--format table|json]

Files and buffers only the checkpoint holds: files deleted while open (ghost
files), memfd contents, bytes unread in pipes, FIFOs and terminals, queued
socket messages, TCP in/out queues (checkpoints made with --tcp-established).
  --save DIR        write each item into DIR (which must exist) under a name made from
                    its kind, pid and fd; an existing file is never replaced
  -o, --format F    table (default) or json (every field, previews included)`;

const PREVIEW_CHARS = 40;

function ownersText(item: RecoveredItem): string {
  if (item.owners.length === 0) return '-';
  return item.owners.map((o) => `${o.pid}:${o.fd}${o.role ? `(${o.role})` : ''}`).join(',');
}

function sizeText(item: RecoveredItem): string {
  return item.declaredSize === null ? String(item.size) : `${item.size} of ${item.declaredSize}`;
}

function previewText(item: RecoveredItem): string {
  if (item.preview.encoding === 'hex') return `hex ${item.preview.text.split('\n')[0]?.slice(10, 57).trim() ?? ''}`;
  const text = item.preview.text.replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text;
}

/** `recovered`: every recovered in-memory file and buffer, with owners, size and a preview; --save writes them out. */
export const recoveredCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      { save: { type: 'string' }, format: { type: 'string', short: 'o', default: 'table' } },
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
      const log = new ProblemLog();
      const rows = log.rows(await recoveredList(s));
      const saved = values.save === undefined ? null : await saveAllRecovered(s, values.save);
      if (saved) log.add(saved.problems);
      if (format === 'json') {
        await write(`${jsonText({ items: rows, saved: saved?.saved ?? null, problems: log.problems }, 2)}\n`);
      } else {
        await write(
          renderTable(
            ['Id', 'Kind', 'Owners', 'Size', 'Label', 'Preview'],
            rows.map((r) => [r.id, r.kind, ownersText(r), sizeText(r), r.label, previewText(r)]),
          ),
        );
        for (const f of saved?.saved ?? [])
          await write(`saved ${terminalSafe(f.id)}: ${terminalSafe(f.path)} (${f.bytes} bytes)\n`);
      }
      log.report(s.path);
      return log.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
