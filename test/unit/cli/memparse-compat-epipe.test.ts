// `memparse ... | head -3` in a real shell pipeline: the reader leaving ends
// the CLI quietly, status 0, no EPIPE stack trace (issue 17), for the size
// table, the hexdump and the search table.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../../dist/cli/cli.cjs');
const ARCHIVE = resolve(__dirname, '../../fixtures/containerd-cri-web.tar');

function pipeline(args: string): Promise<{ out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      'bash',
      ['-c', `"$NODE" "$CLI" memparse "$ARCHIVE" ${args} | head -3; echo "status \${PIPESTATUS[0]}" >&2`],
      { env: { ...process.env, NODE: process.execPath, CLI, ARCHIVE }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', () => done({ out, err }));
  });
}

describe('memparse into head -3', () => {
  for (const [what, args, head] of [
    ['the hexdump', '--pid 1', /^\nDisplaying memory pages content for process ID 1 from checkpoint: \S+\n\n$/],
    ['the hexdump, long form', '-p 1 --length 0x100000', /^\nDisplaying memory pages content for process ID 1 /],
    ['the search table', '-s PATH', /^PID +PROCESS +ADDRESS +MATCH +INSTANCE\n-+ .*\n1 +sh +[0-9a-f]{16} +PATH +1\n$/],
    ['the size table', '', /^\nDisplaying processes memory sizes from \S+\n\n$/],
  ] as const) {
    it(`${what}: three lines, status 0, nothing on stderr but the status`, async () => {
      const r = await pipeline(args);
      const lines = r.out.split('\n');
      expect(lines.length).toBe(4);
      expect(r.out).toMatch(head);
      expect(r.err).toBe('status 0\n');
    });
  }
});
