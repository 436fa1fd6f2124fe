// `diff` beside the real checkpointctl (../shared/peers/checkpointctl) on
// one pair of archives and one set of flags: the same exit status class, the
// same JSON on every key checkpointctl has (ours may add keys), and the same
// lines of text. checkpointctl lists from Go maps, in random order, so lists
// and lines are compared as sorted multisets.
import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

export function checkpointctl(args: string[]): Promise<{ code: number; out: string; err: string }> {
  assertCheckpointctl();
  return new Promise((done) => {
    execFile(CHECKPOINTCTL, args, { maxBuffer: 64 << 20 }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, out, err });
    });
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Ours cut down to the keys checkpointctl has at each place, lists sorted:
 * equal to checkpointctl's (sorted) only if every key of it is in ours with
 * the same value, and no list entry of either is missing from the other.
 */
function projected(theirs: unknown, ours: unknown): unknown {
  if (Array.isArray(theirs) && Array.isArray(ours)) {
    const keys = new Set((theirs as unknown[]).flatMap((t) => (isObject(t) ? Object.keys(t) : [])));
    const cut = (ours as unknown[]).map((o) =>
      isObject(o) && keys.size > 0 ? Object.fromEntries(Object.entries(o).filter(([k]) => keys.has(k))) : o,
    );
    return sorted(cut);
  }
  if (isObject(theirs) && isObject(ours))
    return Object.fromEntries(
      Object.keys(theirs).map((k) => [k, k in ours ? projected(theirs[k], ours[k]) : '<missing>']),
    );
  return ours;
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sorted(x)]));
  return v;
}

/** The lines of the text output, sorted; our escaped newlines (in command lines) taken as line breaks. */
const lines = (text: string, escaped = false) =>
  (escaped ? text.replace(/\\x0a/g, '\n') : text).split('\n').sort((x, y) => x.localeCompare(y));

/** The marks of the annotated process tree (`[= PID 1]`), which do not depend on how a command line wraps. */
const marks = (text: string) => [...text.matchAll(/\[(.) PID (\d+)\]/g)].map((m) => `${m[1]}${m[2]}`).sort();

export const FLAG_SETS = [
  [],
  ['--ps-tree-cmd'],
  ['--files', '--sockets'],
  ['--files', '--sockets', '--show-unchanged'],
  ['--ps-tree-cmd', '--ps-tree-env', '--files', '--sockets', '--show-unchanged'],
];

/** Runs both tools on one pair (tree and JSON) and expects the same exit class, JSON on checkpointctl's keys and text lines. */
export async function compareBoth(a: string, b: string, flags: string[]): Promise<void> {
  const tree = [await checkpointctl(['diff', a, b, ...flags]), await runCliCaptured(['diff', a, b, ...flags])];
  const json = [
    await checkpointctl(['diff', a, b, ...flags, '--format', 'json']),
    await runCliCaptured(['diff', a, b, ...flags, '--format', 'json']),
  ];
  const [ctlTree, ourTree] = tree as [(typeof tree)[0], (typeof tree)[0]];
  const [ctlJson, ourJson] = json as [(typeof json)[0], (typeof json)[0]];
  const what = `diff ${a} ${b} ${flags.join(' ')}`;
  expect(
    ourTree.code === 0,
    `${what}: exit ${ourTree.code} (${ourTree.err}), checkpointctl ${ctlTree.code} (${ctlTree.err})`,
  ).toBe(ctlTree.code === 0);
  expect(ourJson.code === 0, what).toBe(ctlJson.code === 0);
  if (ctlJson.code !== 0) return;
  const theirs: unknown = JSON.parse(ctlJson.out);
  expect(projected(theirs, JSON.parse(ourJson.out)), what).toEqual(sorted(theirs));
  // Ours adds boxes (root fs diff, spec.dump, config.dump) before the summary: those lines are not checkpointctl's.
  const ours = ourTree.out.replace(/┌─ (Root FS Diff|spec\.dump|config\.dump) Changes[^]*?\n└─+┘\n/g, '');
  if (flags.includes('--show-unchanged') && flags.includes('--ps-tree-cmd')) {
    // A command line with newlines is drawn over several lines by checkpointctl, escaped on one by ours.
    expect(marks(ours), what).toEqual(marks(ctlTree.out));
    const notTree = (t: string) => t.replace(/┌─ Process Tree[^]*?\n└─+┘\n/, '');
    expect(lines(notTree(ours)), what).toEqual(lines(notTree(ctlTree.out)));
  } else expect(lines(ours, true), what).toEqual(lines(ctlTree.out));
}
