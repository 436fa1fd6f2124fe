/** One `checkpoint-inspector` subcommand. */
export interface CliCommand {
  /** Returns the exit code. Throws CliUsageError for bad usage. */
  run(args: string[]): Promise<number>;
}
