import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { jsonText } from '../format/json-text';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = 'usage: checkpoint-inspector decode ARCHIVE IMAGE   (IMAGE as pstree.img or checkpoint/pstree.img)';
const PAGE = 1000;

/** `decode`: one CRIU image as `crit decode --pretty` prints it. */
export const decodeCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, {}, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const [archive, image] = positionals;
    if (archive === undefined || image === undefined || positionals.length > 2)
      throw new CliUsageError(`an archive and an image are needed\n${USAGE}`);
    return withSessions([archive], async ([s]) => {
      if (!s) return EXIT.failure;
      let page = await s.decodeImage(image, 0, PAGE);
      if (page.error) {
        writeError(`checkpoint-inspector: ${terminalSafe(page.error.message)}\n`);
        return EXIT.failure;
      }
      if (page.raw) {
        writeError(
          `checkpoint-inspector: ${terminalSafe(page.name)} is a raw image (${terminalSafe(page.magic)}); it has no entries to decode\n`,
        );
        return EXIT.failure;
      }
      // Streamed entry by entry: a long image never becomes one string.
      await write(`{\n    "magic": ${jsonText(page.magic)},\n    "entries": [`);
      let first = true;
      for (;;) {
        for (const entry of page.entries) {
          const text = jsonText(entry, 4).replace(/\n/g, '\n        ');
          await write(`${first ? '' : ','}\n        ${text}`);
          first = false;
        }
        const next = page.offset + page.entries.length;
        if (page.entries.length === 0 || next >= page.total) break;
        page = await s.decodeImage(image, next, PAGE);
      }
      await write(`${first ? '' : '\n    '}]\n}\n`);
      return EXIT.ok;
    });
  },
};
