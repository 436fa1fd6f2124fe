// Runs text cases through the built CLI as a child (the hostile budget) and checks both streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/run-cli-process';
import { expectTerminalClean, makeHostileFiles, type HostileFiles } from './hostile-files';
import type { TextCase } from './text-cases';

export function describeTextCases(title: string, cases: readonly TextCase[]): void {
  describe(title, () => {
    let f: HostileFiles;
    beforeAll(async () => {
      f = await makeHostileFiles();
    });
    afterAll(() => f.remove());

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const r = await runCliProcess(c.args(f));
      expectTerminalClean(r, c.name);
      const out = r.stdout.toString('utf8');
      const err = r.stderr.toString('utf8');
      expect(r.code, `${c.name}: exit code (stderr: ${err})`).toBe(c.code);
      for (const s of c.stdout ?? []) expect(out, `${c.name}: stdout shows ${s}`).toContain(s);
      for (const s of c.stderr ?? []) expect(err, `${c.name}: stderr shows ${s}`).toContain(s);
      // The planted controls are there, made visible: the archive really was hostile on this path.
      if ((c.stdout?.length ?? 0) + (c.stderr?.length ?? 0) > 0) expect(out + err).toContain('\\x1b');
    });
  });
}
