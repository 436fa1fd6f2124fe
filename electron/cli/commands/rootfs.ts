import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions, type CliSession } from '../format/archive-sessions';
import { layoutSafe, write, writeBytes, writeError } from '../format/output';
import { parse } from '../format/parse';
import { MAX_RANGE } from '../../../shared/schemas';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = 'usage: checkpoint-inspector rootfs ARCHIVE [PATH]   (no PATH: list the changes; PATH: print that file)';

/**
 * One changed file's contents on stdout. To a pipe or a file they are data
 * and go out byte for byte, as `cat` does. To a terminal they are shown as
 * text with controls escaped (said on stderr): a hostile file must not drive
 * the analyst's terminal.
 */
async function printFile(s: CliSession, path: string): Promise<void> {
  const terminal = process.stdout.isTTY === true;
  // Streaming decode: a UTF-8 sequence split across two pages stays one character.
  const decoder = new TextDecoder('utf-8');
  let escaped = false;
  const show = async (text: string): Promise<void> => {
    escaped ||= layoutSafe(text) !== text;
    await write(text);
  };
  let offset = 0;
  for (;;) {
    const page = await s.readRootfsFile(path, offset, MAX_RANGE);
    const bytes = page.data;
    if (bytes.length > 0) await (terminal ? show(decoder.decode(bytes, { stream: true })) : writeBytes(bytes));
    offset += bytes.length;
    if (bytes.length === 0 || offset >= page.total) break;
  }
  if (!terminal) return;
  await show(decoder.decode());
  if (escaped)
    writeError(
      `checkpoint-inspector: stdout is a terminal: control characters in ${terminalSafe(path)} are shown as escapes; redirect or pipe stdout for the raw bytes\n`,
    );
}

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
            `${e.change.padEnd(8)} ${e.type.padEnd(9)} ${String(e.size).padStart(10)}  ${terminalSafe(e.path)}${e.linkTarget ? ` -> ${terminalSafe(e.linkTarget)}` : ''}\n`,
        );
        await write(lines.join(''));
        return EXIT.ok;
      }
      await printFile(s, path);
      return EXIT.ok;
    });
  },
};
