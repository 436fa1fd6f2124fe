import { containerStatusLabel, type ContainerInfo } from '../../../shared/dto/containerd';
import { cliSocketPath } from '../../app/connection';
import { createContainerdClient } from '../../containerd';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { parse } from '../format/parse';
import { reportError } from './containerd-cli-util';
import { jsonText } from '../format/json-text';
import { write } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';

const HELP = `usage: checkpoint-inspector containers [--address SOCK] [--namespace NS]... [--format table|json]

Lists containerd's containers (every namespace unless --namespace is given).
  --address SOCK    containerd socket (default CONTAINERD_ADDRESS, the app's setting,
                    /run/containerd/containerd.sock)
  --namespace NS    only this containerd namespace (repeatable)
  --format F        table (default) or json`;

export function formatTable(list: ContainerInfo[]): string {
  const rows = [
    ['NAMESPACE', 'NAME', 'POD', 'STATUS', 'PID', 'IMAGE', 'ID'],
    // Names and labels come from whoever created the containers: escaped, as archive values are.
    ...list.map((c) =>
      [
        c.namespace,
        c.name,
        c.podName ? `${c.podNamespace ?? ''}/${c.podName}` : '-',
        containerStatusLabel(c),
        c.pid === null ? '-' : String(c.pid),
        c.image || '-',
        c.id.slice(0, 12),
      ].map(terminalSafe),
    ),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

export const containersCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        address: { type: 'string' },
        namespace: { type: 'string', multiple: true },
        format: { type: 'string', default: 'table' },
      },
      HELP,
    );
    if (values.help) {
      await write(HELP + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument ${positionals[0]}\n${HELP}`);
    if (values.format !== 'table' && values.format !== 'json')
      throw new CliUsageError(`bad --format: ${values.format}`);
    const client = createContainerdClient({ socketPath: await cliSocketPath(values.address) });
    try {
      const list = await client.listContainers(values.namespace);
      await write((values.format === 'json' ? jsonText(list, 2) : formatTable(list)) + '\n');
      return EXIT.ok;
    } catch (error) {
      reportError('containers', error);
      return EXIT.failure;
    } finally {
      client.close();
    }
  },
};
