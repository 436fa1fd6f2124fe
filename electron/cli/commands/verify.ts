import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { VerifyResult } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { jsonText } from '../format/json-text';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';
import { MAX_REFERENCE_BYTES, verifyArchive } from '../../app/integrity';

const USAGE = 'usage: checkpoint-inspector verify ARCHIVE --against FILE [--format table|json]';

/** The reference, read whole but bounded: a FIFO or device is refused rather than read forever. */
async function readReferenceFile(file: string): Promise<string> {
  const fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw new CliUsageError(`--against: cannot read ${terminalSafe(file)}: ${(error as Error).message}`);
  });
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CliUsageError(`--against: ${terminalSafe(file)} is not a regular file`);
    if (st.size > MAX_REFERENCE_BYTES)
      throw new CliUsageError(`--against: ${terminalSafe(file)} is larger than ${MAX_REFERENCE_BYTES} bytes`);
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

function table(result: VerifyResult): string {
  const rows = result.rows
    .filter((r) => r.status !== 'same')
    .map((r) => [r.status.toUpperCase(), terminalSafe(r.name), r.expected ?? '-', r.actual ?? '-']);
  const c = result.counts;
  const summary = `${result.ok ? 'OK' : 'FAILED'}: ${c.same} same, ${c.differs} differ, ${c.missing} missing, ${c.extra} extra (against a ${result.against === 'report' ? 'report' : 'sha256sum list'})\n`;
  return (rows.length > 0 ? renderTable(['Status', 'Name', 'Expected', 'Actual'], rows) : '') + summary;
}

/**
 * `verify`: hashes the archive again and compares it with a JSON report we
 * wrote (or `hash --format json`) or a sha256sum list; names every member
 * that differs, is missing or is extra; exit 1 on any difference.
 */
export const verifyCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      { against: { type: 'string', short: 'a' }, format: { type: 'string', short: 'o', default: 'table' } },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const format = values.format;
    if (format !== 'table' && format !== 'json') throw new CliUsageError(`--format is table or json\n${USAGE}`);
    if (typeof values.against !== 'string' || values.against === '')
      throw new CliUsageError(`--against FILE is needed\n${USAGE}`);
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    const against = values.against;
    const text = await readReferenceFile(against);
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const result = await verifyArchive(s, { text, name: basename(against), path: against });
      await write(format === 'json' ? `${jsonText(result, 2)}\n` : table(result));
      const log = new ProblemLog();
      log.add(result.problems);
      log.report(s.path);
      if (!result.ok)
        writeError(`checkpoint-inspector: ${terminalSafe(s.path)}: verify failed against ${terminalSafe(against)}\n`);
      return result.ok ? EXIT.ok : EXIT.failure;
    });
  },
};
