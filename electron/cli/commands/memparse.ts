import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { HEXDUMP_HEADER, hexdumpRows } from '../format/hexdump';
import { write, writeError } from '../format/output';
import { parse, pidOption } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { renderTable } from '../format/table';
import { byteToString } from '../format/units';
import { sharedSize } from '../../inspect/vmas';
import { MAX_RANGE } from '../../../shared/schemas';
import { runMemparseSearch, SEARCH_OPTIONS, SEARCH_USAGE, searchRequested } from './memparse-search';

const USAGE = `usage: checkpoint-inspector memparse ARCHIVE... [--pid N]\n${SEARCH_USAGE}`;

/** `memparse`: memory per process, or (with --pid) a hexdump of the dumped pages, as checkpointctl memparse. */
export const memparseCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, { pid: { type: 'string', short: 'p' }, ...SEARCH_OPTIONS }, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new CliUsageError(`an archive is needed\n${USAGE}`);
    const pid = pidOption(typeof values.pid === 'string' ? values.pid : undefined);
    if (pid !== undefined && positionals.length > 1) throw new CliUsageError('--pid takes one archive');
    if (searchRequested(values)) {
      if (positionals.length > 1) throw new CliUsageError('--search takes one archive');
      return runMemparseSearch(positionals[0] as string, pid, values);
    }
    return withSessions(positionals, async (sessions) => {
      if (pid === undefined) {
        let incomplete = false;
        for (const s of sessions) {
          const rows: string[][] = [];
          const log = new ProblemLog();
          for (const u of log.rows(await s.memoryUsage())) {
            rows.push([
              String(u.pid),
              u.comm,
              byteToString(u.dumpedSize),
              byteToString(sharedSize(await s.vmas(u.pid))),
            ]);
          }
          await write(`\nDisplaying processes memory sizes from ${s.path}\n\n`);
          await write(renderTable(['PID', 'Process name', 'Memory size', 'Shared memory size'], rows));
          log.report(s.path);
          incomplete ||= log.problems.length > 0;
        }
        return incomplete ? EXIT.incomplete : EXIT.ok;
      }
      const s = sessions[0];
      if (!s) return EXIT.failure;
      if (!(await s.processes()).some((p) => p.pid === pid)) {
        writeError(`checkpoint-inspector: no process with PID ${pid} (use \`inspect --ps-tree\` to view all PIDs)\n`);
        return EXIT.failure;
      }
      await write(
        `\nDisplaying memory pages content for process ID ${pid} from checkpoint: ${s.path}\n\n${HEXDUMP_HEADER}`,
      );
      const state = { prev: null as string | null, dup: false };
      for (const vma of await s.vmas(pid)) {
        if (vma.dumped === 0) continue;
        for (let at = vma.start; at < vma.end; at += MAX_RANGE) {
          const len = Math.min(MAX_RANGE, vma.end - at);
          const range = await s.readMemory(pid, at, len);
          const { data } = range;
          // Only pages held in the dump are shown.
          for (let page = 0; page < range.present.length; page++) {
            if (!range.present[page]) continue;
            await write(hexdumpRows(data.subarray(page * 4096, (page + 1) * 4096), at + page * 4096, true, state));
          }
        }
      }
      return EXIT.ok;
    });
  },
};
