// Real CRIU images for the ported checkpointctl scenarios: subject.c (our
// process tree with the facts the scenarios assert) run and dumped by the
// testbed's CRIU 4.2, both inside containerd's mount namespace (CRIU's checks
// fail in a plain chroot; the share folder is the same path in both).
import { execFile, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Socket } from 'node:net';
import { createInterface, type Interface } from 'node:readline';
import { promisify } from 'node:util';
import { nsExec } from '../testbed/ns-exec';
import type { TestbedState } from '../testbed/testbed';

const run = promisify(execFile);
const SOURCE = path.join(__dirname, 'subject.c');
const STEP_MS = 20_000;

/** The image folders the scenarios copy from (their `imageSet`). */
export interface SuiteImages {
  /** One dump of `subject --net --zombie`: the tree, TCP sockets, a zombie and a stopped child. */
  imgs: string;
  /** Two dumps of `subject --net`: A with 2 extra TCP and 2 UDP clients, B with 1 new of each. */
  diffA: string;
  diffB: string;
  /** The subject binary (its path is the command line the dumps show). */
  subject: string;
  /** The process environment the subject ran with. */
  env: Record<string, string>;
  /** Removes everything made here. */
  remove(): Promise<void>;
}

const SUBJECT_ENV = { PATH: '/usr/bin:/bin', HOME: '/root', TEST_ENV: 'BAR', TEST_ENV_EMPTY: '' };

export async function makeSuiteImages(state: TestbedState): Promise<SuiteImages> {
  const root = await mkdtemp(path.join(state.shareDir, 'checkpointctl-suite-'));
  try {
    const subject = path.join(root, 'subject');
    await run('gcc', ['-static', '-O1', '-o', subject, SOURCE]);
    const imgs = await dumpOnce(state, root, 'imgs', ['--net', '--zombie']);
    const [diffA, diffB] = await dumpTwice(state, root);
    return { imgs, diffA, diffB, subject, env: SUBJECT_ENV, remove: () => rm(root, { recursive: true, force: true }) };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function dumpOnce(state: TestbedState, root: string, name: string, flags: string[]): Promise<string> {
  const s = await Subject.start(state, root, name, flags);
  try {
    return await s.dump(name, false);
  } finally {
    s.kill();
  }
}

async function dumpTwice(state: TestbedState, root: string): Promise<[string, string]> {
  const s = await Subject.start(state, root, 'diff', ['--net']);
  try {
    for (const c of ['spawn-tcp', 'spawn-tcp', 'spawn-udp', 'spawn-udp']) await s.command(c);
    const a = await s.dump('diff-a', true);
    for (const c of ['kill-tcp', 'kill-tcp', 'kill-udp', 'kill-udp']) await s.command(c);
    // The server's handler of a killed client exits on its own: wait for it,
    // so that B holds only the base connection's handler (and the new one's).
    await s.waitFor(() => s.count('tcp-conn') === 1, 'the killed clients’ tcp-conn handlers to exit');
    for (const c of ['spawn-tcp', 'spawn-udp']) await s.command(c);
    return [a, await s.dump('diff-b', false)];
  } finally {
    s.kill();
  }
}

/** One running subject: its init's pid (host view) and its command channel. */
class Subject {
  private constructor(
    private readonly state: TestbedState,
    private readonly root: string,
    private readonly cmd: number,
    private readonly reader: Interface,
    private readonly input: Socket,
    private readonly lines: AsyncIterator<string>,
  ) {}

  /** The init's pid as we see it; 0 until it printed it. */
  pid = 0;

  static async start(state: TestbedState, root: string, name: string, flags: string[]): Promise<Subject> {
    const cmdPath = path.join(root, `${name}.cmd`);
    const ackPath = path.join(root, `${name}.ack`);
    await run('mkfifo', [cmdPath, ackPath]);
    // Read-write opens never block on a FIFO and never see end of file; the
    // answers are read through a socket handle (epoll, not a pool thread
    // left blocked in read(2) after the subject is gone).
    const ack = openSync(ackPath, constants.O_RDWR | constants.O_NONBLOCK);
    const cmd = openSync(cmdPath, 'r+');
    const input = new Socket({ fd: ack, readable: true, writable: false });
    const reader = createInterface({ input });
    // Made now, so it holds the lines that come before anyone awaits one.
    const lines = reader[Symbol.asyncIterator]();
    const s = new Subject(state, root, cmd, reader, input, lines);
    try {
      const out = await spawnOut(
        'nsenter',
        ['-t', String(state.pids.containerd), '-m', '--', path.join(root, 'subject'), ...flags, cmdPath, ackPath],
        SUBJECT_ENV,
      );
      s.pid = Number(out.trim());
      if (!Number.isInteger(s.pid) || s.pid <= 0) throw new Error(`subject printed no pid: '${out}'`);
      await s.expect('ready');
    } catch (error) {
      s.kill();
      throw error;
    }
    return s;
  }

  async command(line: string): Promise<void> {
    writeSync(this.cmd, `${line}\n`);
    await this.expect('ok', line);
  }

  private async expect(answer: string, what = 'start'): Promise<void> {
    const timer = new Promise<never>((_, fail) =>
      setTimeout(() => fail(new Error(`subject: no answer to ${what} in ${STEP_MS} ms`)), STEP_MS).unref(),
    );
    const next = await Promise.race([this.lines.next(), timer]);
    if (next.done || next.value !== answer) throw new Error(`subject: ${what} answered '${String(next.value)}'`);
  }

  /** Processes of the subject's session with this comm. */
  count(comm: string): number {
    let n = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const fields = stat.slice(close + 2).split(' ');
        const name = stat.slice(stat.indexOf('(') + 1, close);
        if (Number(fields[3]) === this.pid && name === comm && fields[0] !== 'Z') n++;
      } catch {
        // The process ended while we looked.
      }
    }
    return n;
  }

  async waitFor(ok: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + STEP_MS;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`subject: timed out waiting for ${what}`);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** `criu dump` of the whole tree into root/name; its net namespace is external (CRIU needs no `ip`). */
  async dump(name: string, leaveRunning: boolean): Promise<string> {
    const dir = path.join(this.root, name);
    await run('mkdir', [dir]);
    const netns = statSync(`/proc/${this.pid}/ns/net`).ino;
    const argv = ['criu', 'dump', '--tcp-established', '--external', `net[${netns}]:checkpointctl-suite`];
    argv.push('-v4', '-o', 'dump.log', '-D', dir, '-t', String(this.pid));
    if (leaveRunning) argv.push('--leave-running');
    try {
      await nsExec(this.state.pids.containerd, argv, 120_000);
    } catch (error) {
      const log = readFileSync(path.join(dir, 'dump.log'), 'utf8').split('\n');
      throw new Error(`criu dump failed: ${String(error)}\n${log.filter((l) => l.includes('Error')).join('\n')}`);
    }
    return dir;
  }

  kill(): void {
    // Only while the pid is still our init (a dump without --leave-running
    // ends the tree, and the pid may have gone to someone else since).
    if (this.pid > 0 && this.count('subject') > 0) process.kill(this.pid, 'SIGKILL'); // its whole pid namespace goes with it
    closeSync(this.cmd);
    this.reader.close();
    this.input.destroy();
  }
}

function spawnOut(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`${cmd} exited ${code}`))));
  });
}
