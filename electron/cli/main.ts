import { commands } from './commands/index';
import { CliUsageError, EXIT } from './exit-codes';
import { APP_VERSION } from '../app-meta';

const USAGE = `usage: checkpoint-inspector <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run 'checkpoint-inspector <command> --help' for a command's options.`;

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`checkpoint-inspector: unknown command '${name}'\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`checkpoint-inspector ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
