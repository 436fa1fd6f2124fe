import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { collectDisplayNode, type DisplayNode, type InspectFlags } from '../format/display-node';
import { renderInspectTree } from '../format/inspect-tree';
import { write } from '../format/output';
import { ProblemLog } from '../format/problems';
import { parse, pidOption } from '../format/parse';
import { jsonText } from '../format/json-text';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = `usage: checkpoint-inspector inspect ARCHIVE... [--ps-tree] [--ps-tree-cmd] [--ps-tree-env]
       [--files] [--sockets] [--mounts] [--stats] [--metadata] [--all] [--pid N] [--format tree|json]`;

const OPTIONS = {
  'ps-tree': { type: 'boolean' },
  'ps-tree-cmd': { type: 'boolean' },
  'ps-tree-env': { type: 'boolean' },
  files: { type: 'boolean' },
  sockets: { type: 'boolean' },
  mounts: { type: 'boolean' },
  stats: { type: 'boolean' },
  metadata: { type: 'boolean' },
  all: { type: 'boolean' },
  pid: { type: 'string', short: 'p' },
  format: { type: 'string', default: 'tree' },
} as const;

/** `inspect`: checkpointctl's tree view, or its JSON with the same keys. */
export const inspectCommand: CliCommand = {
  async run(args) {
    const { values: v, positionals } = parse(args, OPTIONS, USAGE);
    if (v.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new CliUsageError(`an archive is needed\n${USAGE}`);
    const format = String(v.format);
    if (format !== 'tree' && format !== 'json') throw new CliUsageError(`--format is tree or json, not '${format}'`);
    const all = v.all === true;
    const on = (name: keyof typeof OPTIONS): boolean => all || v[name] === true;
    const flags: InspectFlags = {
      psTreeCmd: on('ps-tree-cmd'),
      psTreeEnv: on('ps-tree-env'),
      files: on('files'),
      sockets: on('sockets'),
      mounts: on('mounts'),
      stats: on('stats'),
      metadata: on('metadata'),
      psTree: false,
      pid: pidOption(typeof v.pid === 'string' ? v.pid : undefined),
    };
    // As in checkpointctl: anything shown per process needs the tree.
    flags.psTree =
      on('ps-tree') || flags.psTreeCmd || flags.psTreeEnv || flags.files || flags.sockets || flags.pid !== undefined;
    return withSessions(positionals, async (sessions) => {
      const nodes: DisplayNode[] = [];
      let incomplete = false;
      for (const s of sessions) {
        const { node, problems } = await collectDisplayNode(s, flags);
        const log = new ProblemLog();
        log.add(problems);
        log.report(s.path);
        incomplete ||= problems.length > 0;
        if (format === 'json') nodes.push(node);
        else
          await write(
            `\nDisplaying container checkpoint tree view from ${terminalSafe(s.path)}\n\n${await renderInspectTree(s, node, flags)}`,
          );
      }
      if (format === 'json') await write(`${jsonText(nodes, 2)}\n`);
      return incomplete ? EXIT.incomplete : EXIT.ok;
    });
  },
};
