import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse, pidOption } from '../format/parse';
import { ProblemLog } from '../format/problems';
import { writeCoreFiles } from '../../app/coredump';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE =
  'usage: checkpoint-inspector coredump ARCHIVE [-p, --pid N]... -o, --output DIR   (an ELF core file core.PID per process; no --pid: every process)';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** `coredump`: ELF core files gdb can load, one per process, as criu-coredump makes them. */
export const coredumpCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      { pid: { type: 'string', short: 'p', multiple: true }, output: { type: 'string', short: 'o' } },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new CliUsageError(`one archive is needed\n${USAGE}`);
    if (typeof values.output !== 'string' || values.output.length === 0)
      throw new CliUsageError(`--output DIR is needed\n${USAGE}`);
    const pids = values.pid ? values.pid.map((p) => pidOption(p)!) : null;
    const outputDir = values.output;
    return withSessions(positionals, async ([s]) => {
      if (!s) return EXIT.failure;
      const { files, problems } = await writeCoreFiles(s, { pids, outputDir });
      await write(
        files
          .map(
            (f) =>
              `${terminalSafe(f.path)}  pid ${f.pid}, ${f.threads} thread${f.threads === 1 ? '' : 's'}, ${f.segments} segments, ${mib(f.dumpedBytes)} of memory (${mib(f.absentBytes)} mapped but not in the checkpoint)\n`,
          )
          .join(''),
      );
      if (files.length === 0) writeError('checkpoint-inspector: no process of this checkpoint can have a core file\n');
      const log = new ProblemLog();
      log.add(problems);
      log.report(s.path);
      if (files.length === 0) return EXIT.failure;
      return problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
