import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { useSessions, type CliSession } from '../format/archive-sessions';
import { containerNameText } from '../format/checkpointctl-values';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { unlistable } from '../format/problem-report';
import { renderTable } from '../format/table';
import { rfc822 } from '../format/units';
import { engineLabel } from '../../inspect/engine';
import { terminalSafe } from '../../../shared/terminal-safe';

const DEFAULT_DIR = '/var/lib/kubelet/checkpoints';
const USAGE = `usage: checkpoint-inspector list [DIR...]

List the checkpoint-* archives in folders (default ${DEFAULT_DIR}), as
checkpointctl list. An archive whose config.dump or spec.dump cannot be read
is named on stderr ("Error extracting information from ...") and left out.
  -h, --help   help for list`;

/** One row of the table, or why the archive has none. */
async function listRow(path: string, name: string): Promise<string[] | string> {
  try {
    return await useSessions([path], async (sessions) => {
      const s = sessions[0] as CliSession;
      const o = await s.overview();
      return (
        unlistable(s.summary().warnings) ?? [
          o.podNamespace ?? '',
          o.podName ?? '',
          containerNameText(o),
          engineLabel(o.engine),
          rfc822(o.checkpointedAt),
          name,
        ]
      );
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `list`: the checkpoint-* archives in folders, as `checkpointctl list`; a broken one gets an error line, not a row. */
export const listCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, {}, USAGE);
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const dirs = positionals.length > 0 ? positionals : [DEFAULT_DIR];
    const rows: string[][] = [];
    let found = false;
    for (const dir of dirs) {
      const names = await readdir(dir, { withFileTypes: true }).catch(() => []);
      // As checkpointctl's glob: every entry named checkpoint-*, in name order; one that is not an archive is an error line.
      const files = names
        .filter((d) => d.name.startsWith('checkpoint-'))
        .map((d) => d.name)
        .sort();
      if (files.length === 0) continue;
      found = true;
      await write(`Listing checkpoints in path: ${terminalSafe(dir)}\n`);
      for (const name of files) {
        const path = join(dir, name);
        const r = await listRow(path, name);
        if (typeof r === 'string')
          writeError(`Error extracting information from ${terminalSafe(path)}: ${terminalSafe(r)}\n`);
        else rows.push(r);
      }
    }
    if (!found) {
      await write(`No checkpoints found in [${terminalSafe(dirs.join(' '))}]\n`);
      return EXIT.ok;
    }
    await write(renderTable(['Namespace', 'Pod', 'Container', 'Engine', 'Time Checkpointed', 'Checkpoint Name'], rows));
    // As checkpointctl: a broken archive is told on its line and the listing still succeeds.
    return EXIT.ok;
  },
};
