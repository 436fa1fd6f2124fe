/** Writes to stdout, waiting when the pipe is full so that large output never piles up in memory. */
export function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (error) => {
      if (error) reject(error);
    });
    if (ok) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

export function writeError(text: string): void {
  process.stderr.write(text);
}
