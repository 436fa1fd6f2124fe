// memparse --parent: an incremental checkpoint's search and hexdump read the
// pages it keeps in its parent; without the parent they are named as missing
// on stderr and the exit status says the result is incomplete.
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { makeWithPreviousFixtures } from '../../fixtures/with-previous-fixtures';
import { runCliCaptured } from '../../support/run-cli-captured';

const f = makeWithPreviousFixtures();
afterAll(() => f.remove());

describe('memparse --parent', () => {
  it('finds what only the parent holds, and says so when the parent is not given', async () => {
    const search = ['memparse', f.child, '--pid', String(f.pid), '--search', f.needle, '--format', 'json'];
    const alone = await runCliCaptured(search);
    expect(alone.code).toBe(EXIT.incomplete);
    expect(alone.err).toMatch(/in the parent dump/);
    const matches = (out: string) => (JSON.parse(out) as { summary: { matchCount: number } }).summary.matchCount;
    expect(matches(alone.out)).toBe(0);

    const withParent = await runCliCaptured([...search, '--parent', f.parent]);
    expect(withParent.err).toBe('');
    expect(withParent.code).toBe(EXIT.ok);
    expect(matches(withParent.out)).toBeGreaterThan(0);

    const hexdump = await runCliCaptured([
      'memparse',
      f.child,
      '--pid',
      String(f.pid),
      '--range',
      `0x${f.parentRange.start.toString(16)}-0x${f.parentRange.end.toString(16)}`,
      '--parent',
      f.parent,
    ]);
    expect(hexdump.code).toBe(EXIT.ok);
    expect(hexdump.out).toContain('APP_MODE');
  });

  it('refuses --parent with several archives', async () => {
    const r = await runCliCaptured(['memparse', f.child, f.child, '--parent', f.parent]);
    expect(r.code).toBe(EXIT.usage);
  });
});
