import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write } from '../format/output';
import { parse } from '../format/parse';
import { MAX_RANGE } from '../../../shared/schemas';

const USAGE = 'usage: checkpoint-inspector rootfs ARCHIVE [PATH]   (no PATH: list the changes; PATH: print that file)';

/** `rootfs`: the container's file system changes, or one changed file's contents on stdout. */
export const rootfsCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, {}, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const [archive, path] = positionals;
    if (archive === undefined || positionals.length > 2) throw new CliUsageError(`an archive is needed\n${USAGE}`);
    return withSessions([archive], async ([s]) => {
      if (!s) return EXIT.failure;
      if (path === undefined) {
        const lines = (await s.rootfs()).map(
          (e) =>
            `${e.change.padEnd(8)} ${e.type.padEnd(9)} ${String(e.size).padStart(10)}  ${e.path}${e.linkTarget ? ` -> ${e.linkTarget}` : ''}\n`,
        );
        await write(lines.join(''));
        return EXIT.ok;
      }
      let offset = 0;
      for (;;) {
        const page = await s.readRootfsFile(path, offset, MAX_RANGE);
        const bytes = page.data;
        if (bytes.length > 0) await write(bytes);
        offset += bytes.length;
        if (bytes.length === 0 || offset >= page.total) break;
      }
      return EXIT.ok;
    });
  },
};
