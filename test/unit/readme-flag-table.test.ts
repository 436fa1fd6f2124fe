// The README's checkpointctl flag table against both tools' --help: every
// command and flag checkpointctl's help lists (long and short) has its row,
// the table names no checkpointctl flag that does not exist, every flag the
// table gives as ours is in our help for that command, and a row that says
// we have none is not contradicted by our help.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTools } from '../checkpointctl-suite/harness';
import { CHECKPOINTCTL } from '../support/peers';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const OURS = path.join(ROOT, 'dist/cli/cli.cjs');
const START = '<!-- checkpointctl-flags:start -->';
const END = '<!-- checkpointctl-flags:end -->';

interface Flag {
  long: string;
  short?: string;
}

async function help(cmd: string, args: string[]): Promise<{ code: number; text: string }> {
  try {
    const r = await run(cmd, [...args, '--help'], { timeout: 30_000 });
    return { code: 0, text: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, text: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** checkpointctl's commands (paths like "completion bash") and their flags, from cobra's help. */
async function checkpointctlFlags(): Promise<Map<string, Flag[]>> {
  const out = new Map<string, Flag[]>();
  const visit = async (command: string[]): Promise<void> => {
    const { text } = await help(CHECKPOINTCTL, command);
    const flags: Flag[] = [];
    let section = '';
    for (const line of text.split('\n')) {
      if (/^\S.*:$/.test(line)) {
        section = line;
        continue;
      }
      if (section === 'Flags:' || section === 'Global Flags:') {
        const m = /^\s+(?:-(\w), )?--([\w-]+)/.exec(line);
        if (m) flags.push({ long: `--${m[2]}`, ...(m[1] ? { short: `-${m[1]}` } : {}) });
      }
      if (section === 'Available Commands:') {
        const m = /^\s{2}(\S+)\s/.exec(line);
        if (m) await visit([...command, m[1]!]);
      }
    }
    out.set(command.join(' '), flags);
  };
  await visit([]);
  return out;
}

const HELP = new Set(['-h', '--help']);

const oursHelps = new Map<string, Promise<{ code: number; text: string }>>();
const oursHelp = (command: string[]): Promise<{ code: number; text: string }> => {
  const key = command.join(' ');
  if (!oursHelps.has(key)) oursHelps.set(key, help(process.execPath, [OURS, ...command]));
  return oursHelps.get(key)!;
};

/** Our command takes this help flag: exit 0 with a usage text (`--help` is what oursHelp ran). */
async function flagRuns(command: string[], flag: string): Promise<boolean> {
  if (flag === '--help') {
    const r = await oursHelp(command);
    return r.code === 0 && /usage:/.test(r.text);
  }
  try {
    const r = await run(process.execPath, [OURS, ...command, flag], { timeout: 30_000 });
    return /usage:/.test(r.stdout);
  } catch {
    return false;
  }
}

/** Every option-looking token of our help text. */
function ourTokens(text: string): Set<string> {
  return new Set(text.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? []);
}

interface Row {
  command: string;
  theirs: string[];
  /** Our flags in the same command; none when empty. */
  ours: string[];
  line: string;
}

function tableRows(): Row[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  const ticks = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !l.includes('checkpointctl flag'))
    .map((line) => {
      const [command, theirs, ours] = line
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      return {
        command: ticks(command ?? '')[0] ?? '',
        theirs: ticks(theirs ?? ''),
        ours: ticks(ours ?? '').filter((t) => t.startsWith('-')),
        line,
      };
    });
}

describe('README checkpointctl flag table', () => {
  let theirs: Map<string, Flag[]>;
  let rows: Row[];
  beforeAll(async () => {
    checkTools();
    theirs = await checkpointctlFlags();
    rows = tableRows();
  }, 120_000);

  it('finds checkpointctl commands and flags to check', () => {
    expect(theirs.get('inspect')?.map((f) => f.long)).toContain('--ps-tree');
    expect([...theirs.keys()]).toContain('completion bash');
  });

  it('lists every checkpointctl flag, long and short, and no other', () => {
    const want = [...theirs].flatMap(([cmd, flags]) =>
      flags.map((f) => `${cmd || '(root)'}: ${[f.short, f.long].filter(Boolean).join(' ')}`),
    );
    const got = rows.map((r) => `${r.command || '(root)'}: ${r.theirs.join(' ')}`);
    expect(got.sort()).toEqual(want.sort());
  });

  it('gives as ours only flags our help lists for that command', async () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const command = r.command.split(' ').filter(Boolean);
      const name = command.join(' ') || '(root)';
      const ours = await oursHelp(command);
      // -h/--help come from the shared parser, so not every help text names them: run them instead.
      const has = async (f: string): Promise<boolean> =>
        HELP.has(f) ? await flagRuns(command, f) : ourTokens(ours.text).has(f);
      if (r.ours.length > 0) {
        if (ours.code !== 0) wrong.push(`${r.line}: ours has no command '${name}'`);
        for (const f of r.ours) if (!(await has(f))) wrong.push(`${r.line}: '${f}' is not in our ${name} --help`);
      } else if (ours.code === 0) {
        // The table says none: our command must not have checkpointctl's flag.
        for (const f of r.theirs) if (await has(f)) wrong.push(`${r.line}: our ${name} has '${f}'`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
