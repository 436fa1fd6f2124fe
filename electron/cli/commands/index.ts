import type { CliCommand } from '../command';
import { serveCommand } from './serve';
import { containersCommand } from './containers';
import { checkpointCommand } from './checkpoint';
import { showCommand } from './show';
import { inspectCommand } from './inspect';
import { memparseCommand } from './memparse';
import { decodeCommand } from './decode';
import { rootfsCommand } from './rootfs';
import { listCommand } from './list';
import { findingsCommand } from './findings';
import { diffCommand } from './diff';
import { reportCommand } from './report';

/** Every subcommand, by name. Each lives in its own file beside this one. */
export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  containers: containersCommand,
  checkpoint: checkpointCommand,
  show: showCommand,
  inspect: inspectCommand,
  memparse: memparseCommand,
  decode: decodeCommand,
  rootfs: rootfsCommand,
  list: listCommand,
  findings: findingsCommand,
  diff: diffCommand,
  report: reportCommand,
};
