import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions, type CliSession } from '../format/archive-sessions';
import { collectDisplayNode } from '../format/display-node';
import { diffText } from '../format/diff-tree';
import { jsonText } from '../format/json-text';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { problemStderrLine } from '../format/problems';
import { checkpointctlDiff, type NodeReader } from '../../inspect/diff/checkpointctl-diff';
import { diffArchives } from '../../inspect/diff/diff-archives';
import { memoryDiff } from '../../inspect/diff/memory-diff';
import { sessionSource } from '../../inspect/search/memory-source';
import { memoryDiffText } from '../format/memory-diff-text';
import { problemLine } from '../../../shared/problems';
import { terminalSafe } from '../../../shared/terminal-safe';

const USAGE = `usage: checkpoint-inspector diff ARCHIVE_A ARCHIVE_B [--ps-tree-cmd] [--ps-tree-env] [--files] [--sockets] [--show-unchanged] [--format tree|json] [--any-container] [--details] [--memory]

Compare two checkpoints of one container, as checkpointctl diff does: the
process tree (new, removed and, with --ps-tree-cmd, changed command lines),
memory pages size, and with --files / --sockets open files and sockets;
then ours: the root file system diffs, spec.dump and config.dump.
  --ps-tree-cmd      compare full command lines (a changed one is "modified")
  --ps-tree-env      read the environment of each process
  --files            include file descriptors
  --sockets          include sockets
  --show-unchanged   also show what is the same in both (the annotated process tree of B)
  -o, --format       tree (default) or json
  --any-container    compare checkpoints of two different containers (refused otherwise)
  --details          add the Compare screen's comparison (ours): each process's changed ppid,
                     state, credentials and environment, its dumped memory, open files and
                     sockets (JSON: under "details")
  --memory           add the memory diff (ours): per process (pid and command line) and VMA, the
                     pages added, removed and changed, by content (JSON: under "memory_diff",
                     with each differing page's address and SHA-256 on both sides)`;

/** checkpointctl's inspect node of one archive, as `inspect --format json` prints it. */
const readNode: NodeReader<CliSession> = async (session, psTree, flags) => {
  const { node, problems } = await collectDisplayNode(session, {
    ...flags,
    psTree,
    mounts: false,
    stats: false,
    metadata: false,
    pid: undefined,
  });
  return { node, problems };
};

/** `diff`: what changed between two checkpoints, with checkpointctl's flags, sections, JSON keys and exit statuses. */
export const diffCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        format: { type: 'string', short: 'o', default: 'tree' },
        'ps-tree-cmd': { type: 'boolean', default: false },
        'ps-tree-env': { type: 'boolean', default: false },
        files: { type: 'boolean', default: false },
        sockets: { type: 'boolean', default: false },
        'show-unchanged': { type: 'boolean', default: false },
        'any-container': { type: 'boolean', default: false },
        details: { type: 'boolean', default: false },
        memory: { type: 'boolean', default: false },
      },
      USAGE,
    );
    if (values.help) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 2) throw new CliUsageError(`accepts 2 arg(s), received ${positionals.length}\n${USAGE}`);
    if (values.format !== 'tree' && values.format !== 'json')
      throw new CliUsageError(`invalid output format: ${values.format} (tree or json)\n${USAGE}`);
    const flags = {
      psTreeCmd: values['ps-tree-cmd'],
      psTreeEnv: values['ps-tree-env'],
      files: values.files,
      sockets: values.sockets,
    };
    return withSessions(positionals, async ([a, b]) => {
      if (!a || !b) return EXIT.failure;
      const r = await checkpointctlDiff(a, b, flags, readNode);
      const pathOf = (side: 'a' | 'b') => (side === 'a' ? a.path : b.path);
      if (!r.sameContainer && !values['any-container']) {
        const one = (c: { name: string; id: string }) => terminalSafe(`${c.name} (${c.id})`);
        writeError(
          `checkpoint-inspector: checkpoints are from different containers:\n  A: ${one(r.containers.a)}\n  B: ${one(r.containers.b)}\n(--any-container compares them anyway)\n`,
        );
        return EXIT.failure;
      }
      const details = values.details ? await diffArchives(a, b) : undefined;
      const memory = values.memory
        ? (details?.pages ?? (await memoryDiff(sessionSource(a), sessionSource(b))))
        : undefined;
      const text = { psTreeCmd: flags.psTreeCmd, showUnchanged: values['show-unchanged'] };
      const json = { ...r.diff, ...(details ? { details } : {}), ...(memory ? { memory_diff: memory } : {}) };
      await write(
        values.format === 'json'
          ? `${jsonText(json, 2)}\n`
          : diffText(r.diff, r.treeB, text, details) + (memory ? memoryDiffText(memory) : ''),
      );
      // What was not there to compare is said, but is no failure (checkpointctl exits 0 on it).
      for (const n of r.notes)
        writeError(`checkpoint-inspector: ${terminalSafe(pathOf(n.side))}: note: ${terminalSafe(problemLine(n))}\n`);
      // Each problem names the side it is on: a difference is only as good as both reads.
      // --details reads some members again: each problem once per side.
      const seen = new Set<string>();
      const problems = [...r.diff.problems, ...(details?.problems ?? []), ...(memory?.problems ?? [])].filter((p) => {
        const key = JSON.stringify([p.side, p.where, p.pid ?? null, p.code, p.message]);
        return !seen.has(key) && Boolean(seen.add(key));
      });
      for (const p of problems) writeError(problemStderrLine(pathOf(p.side), p));
      return problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    });
  },
};
