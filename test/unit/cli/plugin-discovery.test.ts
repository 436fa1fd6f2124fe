// checkpointctl-NAME plugins on PATH (issue 17), checkpointctl's bats plugin
// scenarios run against ours and against checkpointctl itself: listing,
// running as a subcommand with its arguments and exit status, built-ins not
// shadowed, non-executables ignored, first in PATH wins, descriptions
// (exit 42) and the fallback in the help.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/run-cli-process';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

const root = mkdtempSync(join(tmpdir(), 'h-mem-plugin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function folder(plugins: Record<string, { script: string; mode?: number }>): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  for (const [name, { script, mode }] of Object.entries(plugins)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), mode ?? 0o755);
  }
  return dir;
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

async function ours(args: string[], path: string): Promise<Run> {
  const r = await runCliProcess(args, { env: { ...process.env, PATH: path } });
  return { code: r.code, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

function theirs(args: string[], path: string): Promise<Run> {
  assertCheckpointctl();
  return new Promise((done) => {
    execFile(CHECKPOINTCTL, args, { env: { ...process.env, PATH: path } }, (error, out, err) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

async function both(args: string[], path: string): Promise<Run[]> {
  return [await ours(args, path), await theirs(args, path)];
}

const SYSTEM = '/usr/bin:/bin';
const NO_DESCRIPTION = 'case "$1" in --plugin-description) exit 1 ;; *) echo "test plugin running" ;; esac';

describe('plugins, as checkpointctl finds and runs them', () => {
  it('plugin --help and plugin list --help print the usage, status 0', async () => {
    for (const args of [['plugin', '--help'], ['plugin', 'list', '--help'], ['plugin']]) {
      const [o, t] = await both(args, folder({}));
      expect(o!.code, args.join(' ')).toBe(0);
      expect(t!.code, args.join(' ')).toBe(0);
      expect(o!.out).toContain('usage: checkpoint-inspector plugin list');
    }
  });

  it('plugin list with no plugins', async () => {
    for (const r of await both(['plugin', 'list'], folder({}))) {
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toContain('No plugins found');
    }
  });

  it('plugin list discovers a plugin: its name, path and "(no description)", as checkpointctl prints them', async () => {
    const dir = folder({ 'checkpointctl-testplugin': { script: NO_DESCRIPTION } });
    const [o, t] = await both(['plugin', 'list'], `${dir}:${SYSTEM}`);
    expect(o!.code).toBe(0);
    expect(o!.out).toContain(`${dir}/checkpointctl-testplugin`);
    expect(o!.out).toContain('(no description)');
    expect(o!.out).toBe(t!.out);
  });

  it('a plugin runs as a subcommand with its arguments, stdio and exit status', async () => {
    const dir = folder({
      'checkpointctl-hello': { script: 'echo "Hello from plugin!"\necho "Args: $@"\necho "to stderr" >&2\nexit 7' },
    });
    const [o, t] = await both(['hello', 'world', '--flag'], `${dir}:${SYSTEM}`);
    expect(o!.out).toBe('Hello from plugin!\nArgs: world --flag\n');
    expect(o!.err).toBe('to stderr\n');
    expect(o!.code).toBe(7);
    expect([o!.out, o!.code]).toEqual([t!.out, t!.code]);
  });

  it('a plugin does not shadow a built-in command', async () => {
    const dir = folder({ 'checkpointctl-show': { script: 'echo "This should not run"' } });
    const [o, t] = await both(['show', '/does-not-exist'], `${dir}:${SYSTEM}`);
    expect(o!.code).not.toBe(0);
    expect(t!.code).not.toBe(0);
    expect(o!.out + o!.err).not.toContain('This should not run');
    expect(o!.err).toMatch(/no such file/);
  });

  it('non-executable files are ignored', async () => {
    const dir = folder({ 'checkpointctl-nonexec': { script: 'echo "should not appear"', mode: 0o644 } });
    for (const r of await both(['plugin', 'list'], `${dir}:${SYSTEM}`)) {
      expect(r.code).toBe(0);
      expect(r.out).not.toContain('nonexec');
    }
    const run = await ours(['nonexec'], `${dir}:${SYSTEM}`);
    expect(run.code).not.toBe(0);
    expect(run.out).not.toContain('should not appear');
  });

  it('the first in PATH wins', async () => {
    const first = folder({ 'checkpointctl-dupe': { script: 'echo "first"' } });
    const second = folder({ 'checkpointctl-dupe': { script: 'echo "second"' } });
    for (const r of await both(['dupe'], `${first}:${second}:${SYSTEM}`)) {
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toBe('first');
    }
  });

  it('--plugin-description (exit 42) is shown in plugin list and in the help', async () => {
    const dir = folder({
      'checkpointctl-described': {
        script:
          'if [ "$1" = "--plugin-description" ]; then echo "My custom plugin description"; echo second line; exit 42; fi\necho "Plugin running normally"',
      },
    });
    for (const r of await both(['plugin', 'list'], `${dir}:${SYSTEM}`)) {
      expect(r.out).toContain('described');
      expect(r.out).toContain('My custom plugin description');
      expect(r.out).not.toContain('second line');
    }
    for (const r of await both(['--help'], `${dir}:${SYSTEM}`)) {
      expect(r.code).toBe(0);
      expect(r.out).toContain('My custom plugin description');
    }
  });

  it('without description support the help says "Plugin provided by" its path', async () => {
    const dir = folder({ 'checkpointctl-nodesc': { script: NO_DESCRIPTION } });
    for (const r of await both(['--help'], `${dir}:${SYSTEM}`)) {
      expect(r.code).toBe(0);
      expect(r.out).toContain('nodesc');
      expect(r.out).toContain(`Plugin provided by ${dir}/checkpointctl-nodesc`);
    }
  });

  it('a plugin that hangs on --plugin-description is listed without one (it is given half a second)', async () => {
    const dir = folder({ 'checkpointctl-slow': { script: 'sleep 30' } });
    const r = await ours(['plugin', 'list'], `${dir}:${SYSTEM}`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('(no description)');
  });
});
