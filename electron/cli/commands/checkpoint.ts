import { AppError } from '../../../shared/errors';
import type { ContainerInfo } from '../../../shared/dto/containerd';
import { checkpointToCliOutput } from '../../app/checkpoint';
import { cliSocketPath } from '../../app/connection';
import { CHECKPOINT_TIMEOUT_SECONDS } from '../../app/defaults';
import { checkpointWithJournal } from '../../checkpoint/journal-run';
import { ownJournalDir } from '../../app/checkpoint-recovery';
import { CheckpointsInFlight, installShutdown } from '../../app/checkpoint-shutdown';
import { createContainerdClient, type ContainerdClient } from '../../containerd';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { parse } from '../format/parse';
import { reportError } from './containerd-cli-util';
import { write, writeError } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';

const HELP = `usage: checkpoint-inspector checkpoint CONTAINER [--address SOCK] [--namespace NS] [--via auto|cri|native] [--output FILE] [--timeout S] [--tcp-established]

Checkpoints a running container (it keeps running) into an archive; prints
progress to stderr and the archive's path to stdout. Afterwards it checks that
the container still runs: when it does not, it says so and exits 1 (the
archive is kept).
  CONTAINER         id, unique id prefix, or name
  --address SOCK    containerd socket (default CONTAINERD_ADDRESS, the app's setting,
                    /run/containerd/containerd.sock)
  --namespace NS    containerd namespace (default: search all)
  --via V           auto (default: CRI when it can, else native), cri, native
  --output FILE     archive path, .tar added (default ./checkpoint-ID12-TIME.tar; a folder: that
                    name in it); an existing file is never replaced
  --timeout S       give up after S seconds (default ${CHECKPOINT_TIMEOUT_SECONDS})
  --tcp-established dump established TCP connections with their queued bytes (CRIU
                    tcp-established; native path only, refused with --via cri)`;

export async function findContainer(client: ContainerdClient, ref: string, namespace?: string): Promise<ContainerInfo> {
  const list = await client.listContainers(namespace ? [namespace] : undefined);
  const exact = list.filter((c) => c.id === ref);
  const matches = exact.length > 0 ? exact : list.filter((c) => c.id.startsWith(ref) || c.name === ref);
  if (matches.length === 0)
    throw new AppError('NOT_FOUND', `no container ${ref}${namespace ? ` in namespace ${namespace}` : ''}`);
  if (matches.length > 1) {
    throw new CliUsageError(
      `${ref} matches ${matches.length} containers: ${matches.map((c) => `${c.namespace}/${c.id.slice(0, 12)}`).join(', ')}`,
    );
  }
  return matches[0]!;
}

export const checkpointCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        address: { type: 'string' },
        namespace: { type: 'string' },
        via: { type: 'string', default: 'auto' },
        output: { type: 'string' },
        timeout: { type: 'string', default: String(CHECKPOINT_TIMEOUT_SECONDS) },
        'tcp-established': { type: 'boolean' },
      },
      HELP,
    );
    if (values.help) {
      await write(HELP + '\n');
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new CliUsageError('give exactly one CONTAINER');
    const via = values.via;
    if (via !== 'auto' && via !== 'cri' && via !== 'native') throw new CliUsageError(`bad --via: ${via}`);
    const timeoutSeconds = Number(values.timeout);
    if (!(timeoutSeconds > 0)) throw new CliUsageError(`bad --timeout: ${values.timeout}`);

    const client = createContainerdClient({ socketPath: await cliSocketPath(values.address) });
    const controller = new AbortController();
    // Ctrl-C (twice), SIGTERM, SIGHUP, an exception: the checkpoint is cancelled and
    // undone (container resumed, lease released, partial files removed) before we exit.
    const inFlight = new CheckpointsInFlight();
    const shutdown = installShutdown({
      inFlight,
      say: (line) => writeError(`checkpoint-inspector checkpoint: ${terminalSafe(line)}\n`),
    });
    let lastLine = '';
    const work = async (): Promise<number> => {
      try {
        const target = await findContainer(client, positionals[0]!, values.namespace);
        const result = await checkpointToCliOutput(
          (req, ctx) => checkpointWithJournal(client, req, ctx, ownJournalDir()),
          {
            containerId: target.id,
            namespace: target.namespace,
            via,
            leaveRunning: true,
            timeoutSeconds,
            tcpEstablished: values['tcp-established'] === true,
          },
          values.output,
          {
            signal: controller.signal,
            progress: (p) => {
              const pct = typeof p.fraction === 'number' ? ` ${Math.round(p.fraction * 100)}%` : '';
              const line = `${p.phase}${pct}${p.message ? `: ${p.message}` : ''}`;
              if (line !== lastLine) writeError(`${terminalSafe(line)}\n`);
              lastLine = line;
            },
          },
        );
        writeError(`done via ${result.via}: ${result.bytes} bytes\n`);
        for (const note of result.notes) writeError(`note: ${terminalSafe(note.message)}\n`);
        // The alarm: written, but the container is not in the state asked for; the path still goes to stdout.
        writeError(`${result.after.ok ? 'container' : 'warning'}: ${terminalSafe(result.after.message)}\n`);
        await write(`${terminalSafe(result.outputPath)}\n`);
        return result.after.ok ? EXIT.ok : EXIT.failure;
      } catch (error) {
        if (error instanceof CliUsageError) throw error;
        reportError('checkpoint', error);
        return shutdown.exitCode ?? EXIT.failure;
      } finally {
        client.close();
      }
    };
    try {
      return await inFlight.track(() => controller.abort(), work());
    } finally {
      shutdown.dispose();
    }
  },
};
