import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { describe, withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { renderTable } from '../format/table';
import { rfc822 } from '../format/units';
import { engineLabel } from '../../inspect/engine';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = 'usage: checkpoint-inspector list [DIR...]   (default /var/lib/kubelet/checkpoints)';
const DEFAULT_DIR = '/var/lib/kubelet/checkpoints';

/** `list`: the checkpoint-* archives in folders, as `checkpointctl list`. */
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
      const files = names
        .filter((d) => d.isFile() && d.name.startsWith('checkpoint-'))
        .map((d) => d.name)
        .sort();
      if (files.length === 0) continue;
      found = true;
      await write(`Listing checkpoints in path: ${terminalSafe(dir)}\n`);
      for (const name of files) {
        const path = join(dir, name);
        const code = await withSessions([path], async ([s]) => {
          if (!s) return EXIT.failure;
          const o = await s.overview();
          rows.push([
            o.podNamespace ?? '',
            o.podName ?? '',
            o.containerName ?? '',
            engineLabel(o.engine),
            rfc822(o.checkpointedAt),
            name,
          ]);
          return EXIT.ok;
        }).catch((error: unknown) => {
          writeError(`Error extracting information from ${terminalSafe(path)}: ${terminalSafe(describe(error))}\n`);
          return EXIT.failure;
        });
        void code;
      }
    }
    if (!found) {
      await write(`No checkpoints found in [${terminalSafe(dirs.join(' '))}]\n`);
      return EXIT.ok;
    }
    await write(renderTable(['Namespace', 'Pod', 'Container', 'Engine', 'Time Checkpointed', 'Checkpoint Name'], rows));
    return EXIT.ok;
  },
};
