import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand } from '../command';
import { CliUsageError, EXIT } from '../exit-codes';
import { write } from '../format/output';
import { terminalSafe } from '../../../shared/terminal-safe';

/**
 * Plugins as checkpointctl finds them: executables named
 * `checkpointctl-NAME` on PATH, the first in PATH order winning; NAME becomes a subcommand unless a built-in
 * command has that name. A plugin that answers `--plugin-description` with
 * exit status 42 within half a second gives its first line as description.
 */
const PREFIX = 'checkpointctl-';
const DESCRIPTION_FLAG = '--plugin-description';
const DESCRIPTION_EXIT = 42;
const DESCRIPTION_TIMEOUT_MS = 500;

interface Plugin {
  name: string;
  path: string;
  description: string;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    // As checkpointctl: a regular file (links followed) with an execute bit.
    const info = await stat(file);
    if (!info.isFile() || (info.mode & 0o111) === 0) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function description(file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, [DESCRIPTION_FLAG], { timeout: DESCRIPTION_TIMEOUT_MS, maxBuffer: 64 << 10 }, (error, stdout) => {
      const code = (error as { code?: unknown } | null)?.code;
      resolve(code === DESCRIPTION_EXIT ? (String(stdout).trim().split('\n')[0] ?? '') : '');
    });
  });
}

/** Every plugin on PATH, in PATH order, first of a name wins (those a built-in shadows too, as checkpointctl lists them). */
async function discoverPlugins(withDescriptions: boolean): Promise<Plugin[]> {
  const found = new Map<string, string>();
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const entry of names.sort()) {
      if (!entry.startsWith(PREFIX)) continue;
      const name = entry.slice(PREFIX.length);
      if (name === '' || found.has(name)) continue;
      const file = path.resolve(dir, entry);
      if (await isExecutableFile(file)) found.set(name, file);
    }
  }
  return Promise.all(
    [...found].map(async ([name, file]) => ({
      name,
      path: file,
      description: withDescriptions ? await description(file) : '',
    })),
  );
}

/** The plugin named `name`, if one is on PATH and no built-in has the name. */
async function findPlugin(name: string, builtin: ReadonlySet<string>): Promise<Plugin | undefined> {
  if (builtin.has(name)) return undefined;
  return (await discoverPlugins(false)).find((p) => p.name === name);
}

/**
 * Runs a plugin with the arguments as given, its stdio ours; resolves to its
 * exit status (128 + signal number when a signal ended it), as the process
 * replacement checkpointctl does would leave it.
 */
function runPlugin(plugin: Plugin, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(plugin.path, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (SIGNALS[signal] ?? 1) : 1));
    });
  });
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/** One line per plugin, as `checkpointctl plugin list` prints them. */
function pluginListText(plugins: readonly Plugin[]): string {
  if (plugins.length === 0) return 'No plugins found in PATH\n';
  const lines = ['Available plugins:'];
  for (const p of plugins) {
    lines.push(`  ${terminalSafe(p.name).padEnd(20)} ${terminalSafe(p.description || '(no description)')}`);
    lines.push(`  ${''.padEnd(20)} ${terminalSafe(p.path)}`);
  }
  return `${lines.join('\n')}\n`;
}

const USAGE =
  'usage: checkpoint-inspector plugin list   (checkpointctl-NAME executables on PATH, run as `checkpoint-inspector NAME ...`)';

/** `plugin list`: the plugins on PATH. */
export const pluginCommand: CliCommand = {
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === undefined || args.some((a) => a === '--help' || a === '-h')) {
      await write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (sub !== 'list' || rest.length > 0) throw new CliUsageError(`unknown plugin subcommand\n${USAGE}`);
    await write(pluginListText(await discoverPlugins(true)));
    return EXIT.ok;
  },
};

/** Runs the plugin `name` with `args` when one is on PATH (and no built-in has the name); null when there is none. */
export async function runPluginNamed(
  name: string,
  args: string[],
  builtin: ReadonlySet<string>,
): Promise<number | null> {
  const plugin = await findPlugin(name, builtin);
  return plugin ? runPlugin(plugin, args) : null;
}

/** The plugins section of the top-level help (empty without plugins), each with its description or checkpointctl's fallback. */
export async function pluginHelpText(builtin: ReadonlySet<string>): Promise<string> {
  const plugins = (await discoverPlugins(true)).filter((p) => !builtin.has(p.name));
  if (plugins.length === 0) return '';
  const lines = plugins.map(
    (p) => `  ${terminalSafe(p.name).padEnd(12)} ${terminalSafe(p.description || `Plugin provided by ${p.path}`)}`,
  );
  return `\nplugins (checkpointctl-NAME on PATH):\n${lines.join('\n')}\n`;
}
