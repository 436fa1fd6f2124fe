// "Save core file" on a process in the browser host: the page downloads
// core.PID from the host's core file route (a 'coredump' job), an ELF
// x86-64 core whose notes hold the process's registers (rip and rsp of
// core-PID.img as our decoder reads them), name and mapped files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE, ROOT, expect, openArchive, screenshot, test } from './gui-fixtures';

const PID = 7;

/** rip and rsp of core-PID.img, as the CLI's decode (crit's pretty form) gives them. */
function recordedRegisters(): { ip: bigint; sp: bigint } {
  const cli = path.join(ROOT, 'dist', 'cli', 'cli.cjs');
  const text = execFileSync(process.execPath, [cli, 'decode', FIXTURE, `core-${PID}.img`], { encoding: 'utf8' });
  const regs = (JSON.parse(text) as { entries: { thread_info: { gpregs: { ip: string; sp: string } } }[] }).entries[0]!
    .thread_info.gpregs;
  return { ip: BigInt(regs.ip), sp: BigInt(regs.sp) };
}

/** The notes of an ELF64 core: [name, type, desc] from its PT_NOTE segment. */
function notesOf(core: Buffer): [string, number, Buffer][] {
  const phoff = Number(core.readBigUInt64LE(32));
  const note = phoff; // the note segment is the first program header
  expect(core.readUInt32LE(note)).toBe(4);
  const offset = Number(core.readBigUInt64LE(note + 8));
  const size = Number(core.readBigUInt64LE(note + 32));
  const out: [string, number, Buffer][] = [];
  for (let at = offset; at < offset + size;) {
    const [namesz, descsz, type] = [core.readUInt32LE(at), core.readUInt32LE(at + 4), core.readUInt32LE(at + 8)];
    const desc = at + 12 + ((namesz + 3) & ~3);
    out.push([core.subarray(at + 12, at + 11 + namesz).toString('latin1'), type, core.subarray(desc, desc + descsz)]);
    at = desc + ((descsz + 3) & ~3);
  }
  return out;
}

test('Save core file on a process downloads an ELF core with its registers and notes', async ({ page }) => {
  await openArchive(page, FIXTURE);
  await page.getByTestId('tab-processes').click();
  await page.getByTestId(`process-row-${PID}`).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('save-core-file').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`core.${PID}`);
  const core = readFileSync(await file.path());
  expect(core.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  expect([core[4], core[5], core.readUInt16LE(16), core.readUInt16LE(18)]).toEqual([2, 1, 4, 62]);

  const notes = notesOf(core);
  expect(notes.map(([name, type]) => `${name}/${type.toString(16)}`)).toEqual([
    'CORE/3',
    'CORE/1',
    'CORE/2',
    'LINUX/202',
    'CORE/6',
    'CORE/46494c45',
  ]);
  const prstatus = notes[1]![2];
  const { ip, sp } = recordedRegisters();
  expect(prstatus.readInt32LE(32)).toBe(PID);
  expect(prstatus.readBigUInt64LE(112 + 16 * 8)).toBe(ip);
  expect(prstatus.readBigUInt64LE(112 + 19 * 8)).toBe(sp);
  const fname = notes[0]![2].subarray(40, 56).toString('latin1').replace(/\0.*$/s, '');
  expect(fname.length).toBeGreaterThan(0);
  expect(notes[5]![2].subarray(16).toString('latin1')).toContain('/bin/busybox');
  await expect(page.getByTestId('save-core-status')).toContainText(`core.${PID}`);
  await screenshot(page, 'process-core-file');
});
