import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { collectDisplayNode, type DisplayNode, type InspectFlags } from '../format/display-node';
import { renderInspectTree } from '../format/inspect-tree';
import { write } from '../format/output';
import { parse, pidOption } from '../format/parse';
import { reportProblems } from '../format/problem-report';
import { jsonText } from '../format/json-text';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = `usage: checkpoint-inspector inspect ARCHIVE... [flags]

Display low-level information about container checkpoints, as checkpointctl inspect.
What could be read is printed; what was asked for and could not be read is
named on stderr, and the exit status is then non-zero.
      --all             Show all information about container checkpoints
      --files           Display the open file descriptors for processes in the container checkpoint
      --format FORMAT   Specify the output format: tree or json (default "tree")
  -h, --help            help for inspect
      --metadata        Show metadata about the container
      --mounts          Display an overview of mounts used in the container checkpoint
  -p, --pid N           Display the process tree of a specific PID
      --ps-tree         Display an overview of processes in the container checkpoint
      --ps-tree-cmd     Display an overview of processes in the container checkpoint with full command line arguments
      --ps-tree-env     Display an overview of processes in the container checkpoint with their environment variables
      --sockets         Display the open sockets for processes in the container checkpoint
      --stats           Display checkpoint statistics`;

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
    if (format !== 'tree' && format !== 'json')
      throw new CliUsageError(`invalid output format: '${format}' (tree or json)`);
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
      const pending: Array<{ path: string; problems: DisplayNode['problems'] }> = [];
      let code: number = EXIT.ok;
      // Problems come after what was read: each archive's right after its tree, the JSON's after the whole array.
      const tell = (): void => {
        for (const p of pending.splice(0)) code = Math.max(code, reportProblems(p.path, p.problems));
      };
      for (const s of sessions) {
        const { node, problems } = await collectDisplayNode(s, flags);
        pending.push({ path: s.path, problems });
        if (format === 'json') nodes.push(node);
        else {
          await write(
            `\nDisplaying container checkpoint tree view from ${terminalSafe(s.path)}\n\n${renderInspectTree(node)}\n`,
          );
          tell();
        }
      }
      if (format === 'json') await write(`${jsonText(nodes, 2)}\n`);
      tell();
      return code;
    });
  },
};
