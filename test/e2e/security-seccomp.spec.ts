// The Security tab on a real confined checkpoint: security-seccomp.fixture.tar.gz
// is a testbed pod started with CRI's RuntimeDefault seccomp profile and
// no_new_privs (test/testbed/security-workload.ts), checkpointed with our CLI.
// Its spec is edited here to ask for CAP_SYS_ADMIN, which the process does not
// hold: the tab marks that difference and shows the decoded filter.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { file, tar } from '../hostile/tar-writer';
import { expect, openArchive, screenshot, test } from './gui-fixtures';

const FIXTURE = path.join(__dirname, 'security-seccomp.fixture.tar.gz');

/** The fixture's members (plain ustar, written by our CLI). */
function members(bytes: Buffer): { name: string; type: string; data: Buffer }[] {
  const out: { name: string; type: string; data: Buffer }[] = [];
  for (let at = 0; at + 512 <= bytes.length;) {
    const head = bytes.subarray(at, at + 512);
    if (head.every((b) => b === 0)) break;
    const name = head.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(head.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    out.push({ name, type: String.fromCharCode(head[156] ?? 0x30), data: bytes.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

let dir: string;
let archive: string;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'h-security-e2e-'));
  archive = path.join(dir, 'confined-asks-sys-admin.tar');
  const parts = members(gunzipSync(readFileSync(FIXTURE))).map((m) => {
    if (m.type === '5') return file(m.name, Buffer.alloc(0), { type: '5', mode: 0o755 });
    if (m.name !== 'spec.dump') return file(m.name, m.data);
    const spec = JSON.parse(m.data.toString('utf8')) as { process: { capabilities: Record<string, string[]> } };
    for (const set of ['effective', 'permitted', 'bounding']) spec.process.capabilities[set]!.push('CAP_SYS_ADMIN');
    return file(m.name, JSON.stringify(spec));
  });
  writeFileSync(archive, tar(...parts));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('security tab: the decoded RuntimeDefault filter per syscall and a capability the spec asks for but the process lacks', async ({
  page,
}) => {
  await openArchive(page, archive);
  await page.getByTestId('tab-security').click();
  const panel = page.getByTestId('panel-security');
  const spec = panel.getByTestId('security-spec');
  await expect(spec.getByTestId('security-difference').first()).toBeVisible();
  await expect(spec.getByTestId('security-differences')).toContainText(
    'effective: CAP_SYS_ADMIN is in the spec but not held',
  );
  await expect(spec.getByTestId('security-differences')).toContainText(
    'bounding: CAP_SYS_ADMIN is in the spec but not held',
  );
  const init = panel.getByTestId('security-process-1');
  await expect(init).toContainText('filter (chain');
  await expect(init).toContainText('CAP_NET_BIND_SERVICE');
  const chain = panel.locator('[data-testid^="seccomp-chain-"]').first();
  await expect(chain.getByTestId('seccomp-syscall-read')).toContainText('allow');
  await expect(chain.getByTestId('seccomp-syscall-kexec_load')).toContainText('errno 1 (EPERM)');
  await expect(chain.getByTestId('seccomp-syscall-clone')).toContainText('depends on arguments');
  await chain.getByTestId('seccomp-filter').fill('reboot');
  await expect(chain.getByTestId('seccomp-syscalls').locator('tbody tr')).toHaveCount(1);
  await expect(chain.getByTestId('seccomp-syscall-reboot')).toContainText('errno 1 (EPERM)');
  await chain.getByTestId('seccomp-arch-i386').click();
  await expect(chain.getByTestId('seccomp-syscall-reboot')).toContainText('errno 1 (EPERM)');
  await screenshot(page, 'security-tab');
});
