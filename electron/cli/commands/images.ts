import { resolve } from 'node:path';
import type { CheckpointImageList } from '../../../shared/dto';
import { terminalSafe } from '../../../shared/terminal-safe';
import { cliSocketPath } from '../../app/connection';
import { createContainerdClient } from '../../containerd';
import { listCheckpointImages, writeCheckpointImage } from '../../containerd/checkpoint-images';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { problemStderrLine } from '../format/problems';
import { renderTable } from '../format/table';
import { byteToString } from '../format/units';
import { jsonText } from '../format/json-text';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { reportError } from './containerd-cli-util';

const HELP = `usage: checkpoint-inspector images [--address SOCK] [--namespace NS]... [--format table|json]
       checkpoint-inspector images --save NAME --namespace NS --output FILE [--address SOCK]

Lists the checkpoint images of containerd's image store: containerd's own
(ctr container checkpoint) and single-layer OCI checkpoint images imported
there (checkpointctl build, podman container checkpoint --create-image).
With --save, writes image NAME as a checkpoint archive every command here
reads (containerd's: the CRI layout, config.dump, spec.dump, checkpoint/,
rootfs-diff.tar; OCI: its one layer). Every blob is digest-checked.
  --address SOCK    containerd socket (default CONTAINERD_ADDRESS, the app's setting,
                    /run/containerd/containerd.sock)
  --namespace NS    only this containerd namespace (repeatable; one with --save)
  --format F        table (default) or json
  --save NAME       the image to write (with --namespace and --output)
  --output FILE     where --save writes (never replaced)`;

export function formatImages(list: CheckpointImageList): string {
  // Names come from whoever made the images: renderTable escapes every cell.
  return renderTable(
    ['Namespace', 'Name', 'Kind', 'Created', 'Size', 'Rootfs diff', 'Image'],
    list.images.map((i) => [
      i.namespace,
      i.name,
      i.format,
      i.createdAt ?? '-',
      byteToString(i.bytes),
      i.hasRootfsDiff === null ? '-' : i.hasRootfsDiff ? 'yes' : 'no',
      i.baseImage ?? '-',
    ]),
  );
}

export const imagesCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        address: { type: 'string' },
        namespace: { type: 'string', multiple: true },
        format: { type: 'string', default: 'table' },
        save: { type: 'string' },
        output: { type: 'string', short: 'o' },
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
    const namespaces = values.namespace ?? [];
    if (values.save !== undefined && (namespaces.length !== 1 || values.output === undefined))
      throw new CliUsageError(`--save needs one --namespace and an --output\n${HELP}`);
    if (values.save === undefined && values.output !== undefined)
      throw new CliUsageError(`--output is for --save\n${HELP}`);
    const client = createContainerdClient({ socketPath: await cliSocketPath(values.address) });
    try {
      if (values.save !== undefined) {
        const target = resolve(values.output!);
        const made = await writeCheckpointImage(client.rpc, namespaces[0]!, values.save, target);
        for (const p of made.problems) writeError(problemStderrLine(values.save, p));
        await write(`${terminalSafe(target)}\n`);
        return made.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
      }
      const list = await listCheckpointImages(
        client.rpc,
        namespaces.length > 0 ? namespaces : await client.namespaces(),
      );
      await write((values.format === 'json' ? jsonText(list, 2) : formatImages(list)) + '\n');
      for (const p of list.problems) writeError(problemStderrLine('images', p));
      return list.problems.length > 0 ? EXIT.incomplete : EXIT.ok;
    } catch (error) {
      reportError('images', error);
      return EXIT.failure;
    } finally {
      client.close();
    }
  },
};
