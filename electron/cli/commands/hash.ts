import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { hashArchive } from '../../app/integrity';
import { formatHashList } from '../../inspect/integrity/hash-list';

const USAGE = 'usage: checkpoint-inspector hash ARCHIVE [--format sha256sum|json]';

/**
 * `hash`: sha256 of the archive and of every member (of a compressed archive:
 * the compressed file, and each member's uncompressed bytes), as a sha256sum
 * list (the archive's own line first) or JSON; `verify --against` reads both.
 */
export const hashCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      { format: { type: 'string', short: 'o', default: 'sha256sum' } },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'sha256sum' && format !== 'json') throw new CliUsageError(`--format is sha256sum or json\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const hashes = await hashArchive(s);
      await write(format === 'json' ? `${jsonText(hashes, 2)}\n` : formatHashList(hashes));
      const log = new ProblemLog();
      log.add(hashes.problems);
      log.report(s.path);
      return hashes.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
