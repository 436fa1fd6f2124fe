// The files every hostile-terminal test runs the built CLI over, and the checks they share.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HOSTILE_BUDGET, terminalControls, type CliProcessResult } from '../../support/run-cli-process';
import { CRI_FIXTURE } from '../../support/corrupt-member';
import { writeHostileArchive } from './hostile-archive';

export const SAMPLE = CRI_FIXTURE;

/** The hostile archive's own file name: every "from PATH" line and the diff's header print it. */
export const ARCHIVE_NAME = 'hostile\x1b]0;FILE\x07\r\u2067.tar';
/** A checkpoint-* name in a folder `list` reads, with controls in it. */
export const LIST_NAME = 'checkpoint-\x1b]0;LIST\x07\r\u202e.tar';
/** A file `list` cannot read, so its error line names it. */
export const BROKEN_NAME = 'checkpoint-\x1b[2Jbroken\x1b[31m.tar';

/** A file that is not there, with controls in its name. */
export const MISSING_NAME = 'no-such\x1b]0;MISSING\x07\r.tar';

export interface HostileFiles {
  dir: string;
  archive: string;
  /** A folder holding the archive under LIST_NAME and a broken file under BROKEN_NAME. */
  listDir: string;
  /** A path that does not exist, with controls in its name. */
  missing: string;
  remove(): Promise<void>;
}

export async function makeHostileFiles(): Promise<HostileFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-terminal-'));
  const archive = await writeHostileArchive(dir, ARCHIVE_NAME);
  const listDir = join(dir, 'list');
  await mkdir(listDir);
  await copyFile(archive, join(listDir, LIST_NAME));
  await writeFile(join(listDir, BROKEN_NAME), 'not a tar\x1b]0;x\x07');
  return {
    dir,
    archive,
    listDir,
    missing: join(dir, MISSING_NAME),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The run ended within the hostile budget and neither stream holds a control a terminal would act on. */
export function expectTerminalClean(r: CliProcessResult, what: string): void {
  expect(r.timedOut, `${what}: killed at the deadline`).toBe(false);
  expect(r.maxRssMiB, `${what}: peak RSS`).toBeLessThan(HOSTILE_BUDGET.rssMiB);
  expect(terminalControls(r.stdout), `${what}: stdout`).toEqual([]);
  expect(terminalControls(r.stderr), `${what}: stderr`).toEqual([]);
}
