import { parseArgs } from 'node:util';
import path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import { isCheckpointFolder, isOciLayoutDir } from '../../archive';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { startBrowserHost } from '../../serve/browser-host';
import { stderrLog } from '../../serve/host-log';
import { DEFAULT_HOST_LIMITS } from '../../serve/limits';
import { logUnhandledRejections } from '../../serve/rejection-log';
import { composeCore } from '../../ipc/compose';
import { CheckpointsInFlight, installShutdown } from '../../app/checkpoint-shutdown';
import type { AppCore } from '../../ipc/app-core';
import { appRoot, samplePath } from '../../app-paths';
import { defaultUserDataDir } from '../../settings/settings-store';

const gib = (bytes: number) => `${bytes / 1024 ** 3} GiB`;

const HELP = `usage: checkpoint-inspector serve [ARCHIVE|DIR...] [--port N] [--allow-checkpoint] [--address SOCK]

Serves the app to a browser on 127.0.0.1 only. The first line printed is the
URL with this start's token; without it every request gets 401.
  ARCHIVE|DIR         archives to open at start (a checkpoint folder itself, another folder: its *.tar* files)
  --port N            port (default: a free one)
  --allow-checkpoint  serve the checkpoint channels (read-only otherwise)
  --address SOCK      containerd socket (default: CONTAINERD_ADDRESS, the setting,
                      /run/containerd/containerd.sock)

A file dropped in the browser is uploaded into the cache: at most ${gib(DEFAULT_HOST_LIMITS.maxUploadBytes)}, and
only when the cache's filesystem keeps ${gib(DEFAULT_HOST_LIMITS.uploadFreeReserveBytes)} free after it; it is deleted
when its archive closes and when the host stops. Name bigger archives here.`;

async function archivesIn(target: string): Promise<string[]> {
  const info = await stat(target);
  // A checkpoint OCI image's layout folder, an unpacked checkpoint or a bare CRIU folder is one archive.
  if (!info.isDirectory() || (await isOciLayoutDir(target)) || (await isCheckpointFolder(target))) return [target];
  const names = await readdir(target);
  return names.filter((n) => /\.tar(\.gz|\.zst)?$/.test(n)).map((n) => path.join(target, n));
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Opens the archives named on the command line; one that does not open is logged and the host serves on. */
async function openAtStart(core: AppCore, target: string): Promise<void> {
  const files = await archivesIn(target).catch((e: unknown) => {
    stderrLog(`could not open ${target}: ${why(e)}`);
    return [];
  });
  for (const file of files) {
    // Paths, container names and messages are the archive's: stderrLog makes them terminal-safe.
    await core.openPath(path.resolve(file)).then(
      (s) => {
        // A page loaded before this open finished learns of it as of any other open.
        core.events.emit('archive.opened', s);
        stderrLog(`opened ${file} (${s.containerName ?? 'unnamed'})`);
      },
      (e: unknown) => stderrLog(`could not open ${file}: ${why(e)}`),
    );
  }
}

/** What the core did about checkpoints a killed process left (and says while stopping one), on the host's log too. */
function showNotices(core: AppCore): () => void {
  for (const n of core.notices.list()) stderrLog(`checkpoint-inspector serve: ${n.message}`);
  return core.events.subscribe((event, payload) => {
    if (event === 'checkpoint.notice')
      stderrLog(`checkpoint-inspector serve: ${(payload as { message: string }).message}`);
  });
}

export const serveCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        'allow-checkpoint': { type: 'boolean', default: false },
        address: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return EXIT.ok;
    }
    let exitCode: number = EXIT.ok;
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`bad --port: ${values.port}`);

    const stopLogging = logUnhandledRejections(process);
    // Listening for the signals before anything is opened: a stop during start still removes uploads and caches.
    // SIGINT, SIGTERM, SIGHUP or an exception first stop the checkpoints in flight and wait for each to
    // resume its container and release its lease; then the host closes.
    const checkpoints = new CheckpointsInFlight();
    const shutdown = installShutdown({
      inFlight: checkpoints,
      say: (line) => stderrLog(`checkpoint-inspector serve: ${line}`),
      stop: () => undefined,
    });
    const composed = await composeCore({
      host: { kind: 'browser', samplePath: samplePath() },
      userDataDir: defaultUserDataDir(),
      allowCheckpoint: values['allow-checkpoint'] ?? false,
      socketPath: values.address,
      checkpoints,
    });
    const stopNotices = showNotices(composed.core);
    try {
      const host = await startBrowserHost({
        core: composed.core,
        rendererDir: path.join(appRoot(), 'dist', 'renderer'),
        uploadDir: path.join(composed.cacheRoot, 'uploads'),
        port,
        log: stderrLog,
      });
      try {
        process.stdout.write(host.url + '\n');
        for (const target of positionals) await openAtStart(composed.core, target);
        exitCode = (await shutdown.stopped) === 1 ? EXIT.failure : EXIT.ok;
      } finally {
        // Uploaded copies go with the host, before the cache root itself.
        await host.close();
      }
    } finally {
      stopNotices();
      await composed.dispose();
      shutdown.dispose();
      stopLogging();
    }
    return exitCode;
  },
};
