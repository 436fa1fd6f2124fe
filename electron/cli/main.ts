import { commands } from './commands/index';
import { CliUsageError, EXIT } from './exit-codes';
import { write, writeError } from './format/output';
import { APP_VERSION } from '../app-meta';
import { terminalSafe } from '../../shared/terminal-safe';
import { journalDirs, recoverInterruptedCheckpoints } from '../app/checkpoint-recovery';

const USAGE = `usage: checkpoint-inspector <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run 'checkpoint-inspector <command> --help' for a command's options.`;

/** A message of ours with values in it, kept on its lines; each line escaped (a value's controls shown, not acted on). */
function safeLines(message: string): string {
  return message.split('\n').map(terminalSafe).join('\n');
}

/** A checkpoint a killed process of ours left (container paused, lease, temp files): finished now, said on stderr. */
async function finishInterruptedCheckpoints(): Promise<void> {
  const notices = await recoverInterruptedCheckpoints({ dirs: journalDirs() }).catch((error: unknown) => [
    {
      ok: false,
      message: `could not read the checkpoint journal: ${error instanceof Error ? error.message : String(error)}`,
    },
  ]);
  for (const n of notices) {
    writeError(`checkpoint-inspector: ${n.ok ? '' : 'warning: '}${terminalSafe(n.message)}\n`);
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const plugins = (await import('./commands/plugin')).pluginHelpText(new Set(Object.keys(commands)));
    await write(USAGE + '\n' + (await plugins));
    // As checkpointctl: no command at all is a request for the help, status 0.
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    await write(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    // checkpointctl-NAME on PATH, as checkpointctl runs its plugins.
    const ran = await (await import('./commands/plugin')).runPluginNamed(name, rest, new Set(Object.keys(commands)));
    if (ran !== null) return ran;
    writeError(`checkpoint-inspector: unknown command '${terminalSafe(name)}'\n${USAGE}\n`);
    return EXIT.usage;
  }
  // The browser host finishes them itself, so that its page can show what it did.
  if (name !== 'serve') await finishInterruptedCheckpoints();
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      writeError(`checkpoint-inspector ${name}: ${safeLines(error.message)}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
