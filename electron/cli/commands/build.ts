import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { withSessions } from '../format/archive-sessions';
import { write, writeError } from '../format/output';
import { parse } from '../format/parse';
import { terminalSafe } from '../../../shared/terminal-safe';
import { checkpointImageAnnotations } from '../../inspect/checkpoint-annotations';

const USAGE = `usage: checkpoint-inspector build ARCHIVE IMAGE-NAME

Makes an OCI image of a checkpoint archive with buildah, as checkpointctl build:
the archive's files in a scratch image, annotated (org.criu.checkpoint.*) with
the engine, container, pod, namespace, rootfs image and runtime it records.
  e.g. checkpoint-inspector build checkpoint.tar quay.io/foo/bar:latest
       buildah push quay.io/foo/bar:latest`;

/** buildah on PATH, or null. */
async function findBuildah(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, 'buildah');
    if (
      await access(file, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return null;
}

class BuildahError extends Error {}

/** One buildah call, arguments as they are (no shell); its stdout, or a BuildahError carrying its stderr. */
function buildah(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new BuildahError(`buildah ${args[0]} failed: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

/**
 * `build ARCHIVE IMAGE`: checkpointctl's build. The annotations are read
 * first (an archive without a readable config.dump or spec.dump fails
 * before buildah is run); the working container is removed whatever
 * happens.
 */
export const buildCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parse(args, {}, USAGE);
    const [archive, image] = positionals;
    if (values.help) return write(`${USAGE}\n`).then(() => EXIT.ok);
    if (archive === undefined || image === undefined || positionals.length !== 2)
      throw new CliUsageError(`an archive and an image name are needed\n${USAGE}`);
    return withSessions([archive], async ([s]) => {
      if (!s) return EXIT.failure;
      // checkpointctl reads both and fails without either: the annotations come from them.
      const [config, spec] = await Promise.all([s.config(), s.spec()]);
      for (const [name, value] of [
        ['config.dump', config],
        ['spec.dump', spec],
      ] as const) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          writeError(
            `checkpoint-inspector: ${terminalSafe(archive)}: ${name} is ${value === null ? 'not in the archive' : 'not a JSON object'}: it gives the image its annotations\n`,
          );
          return EXIT.failure;
        }
      }
      const annotations = checkpointImageAnnotations(await s.overview(), config);
      const bin = await findBuildah();
      if (bin === null) {
        writeError(
          'checkpoint-inspector: build needs buildah, which is not on PATH (Debian and Ubuntu: apt-get install buildah; Fedora: dnf install buildah)\n',
        );
        return EXIT.failure;
      }
      let container = '';
      try {
        container = (await buildah(bin, ['from', 'scratch'])).trim();
        await buildah(bin, ['add', container, path.resolve(archive)]);
        const flags = Object.entries(annotations).flatMap(([k, v]) => ['--annotation', `${k}=${v}`]);
        await buildah(bin, ['config', ...flags, container]);
        for (const [k, v] of Object.entries(annotations)) await write(`Added annotation: ${k}=${terminalSafe(v)}\n`);
        await buildah(bin, ['commit', container, image]);
      } catch (error) {
        if (!(error instanceof BuildahError)) throw error;
        writeError(`checkpoint-inspector: ${terminalSafe(error.message)}\n`);
        return EXIT.failure;
      } finally {
        if (container !== '')
          await buildah(bin, ['rm', container]).catch((error: unknown) =>
            writeError(
              `checkpoint-inspector: warning: working container ${terminalSafe(container)} not removed: ${terminalSafe(String(error))}\n`,
            ),
          );
      }
      await write(`Image '${terminalSafe(image)}' created successfully from checkpoint '${terminalSafe(archive)}'\n`);
      return EXIT.ok;
    });
  },
};
