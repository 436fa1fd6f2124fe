import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `checkpoint-inspector serve` (the built CLI) with its own settings folder; resolves with the printed URL. */
export async function startHost(args: string[] = [], env: Record<string, string> = {}): Promise<RunningHost> {
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'ci-e2e-config-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'checkpoint-inspector.cjs'), 'serve', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: configHome, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`serve printed no URL in 30 s: ${stderr}`)), 30_000);
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(configHome, { recursive: true, force: true });
    },
  };
}
