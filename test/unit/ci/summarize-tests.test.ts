// CI's verdict: scripts/summarize-tests.mjs decides, and scripts/test.sh exits with its status.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../../..');
const summarize = path.join(repo, 'scripts/summarize-tests.mjs');
const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-summary-'));
  scratch.push(dir);
  return dir;
}

const vitestReport = (p: { passed: number; failed?: number; skipped?: number }) =>
  JSON.stringify({
    numTotalTests: p.passed + (p.failed ?? 0) + (p.skipped ?? 0),
    numPassedTests: p.passed,
    numFailedTests: p.failed ?? 0,
    numPendingTests: p.skipped ?? 0,
    numTodoTests: 0,
    success: !p.failed,
    testResults: [],
  });

const playwrightReport = (p: { expected: number; unexpected?: number; skipped?: number; flaky?: number }) =>
  JSON.stringify({
    suites: [],
    stats: { expected: p.expected, unexpected: p.unexpected ?? 0, skipped: p.skipped ?? 0, flaky: p.flaky ?? 0 },
  });

/** Environment without the caller's CI, so the outer CI cannot decide these cases. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { CI: _ci, ...rest } = process.env;
  return { ...rest, ...extra };
}

function runSummary(reports: Record<string, string>, opts: { ci: boolean; steps?: string[] }) {
  const dir = tempDir();
  for (const [name, text] of Object.entries(reports)) writeFileSync(path.join(dir, name), text);
  const r = spawnSync(process.execPath, [summarize, dir, ...(opts.steps ?? [])], {
    encoding: 'utf8',
    env: env({ CI: opts.ci ? 'true' : 'false' }),
  });
  return { status: r.status, out: r.stdout };
}

describe('summarize-tests.mjs', () => {
  it('exits 0 when every test passed', () => {
    const r = runSummary(
      { 'unit.json': vitestReport({ passed: 3 }), 'e2e.json': playwrightReport({ expected: 2 }) },
      { ci: true },
    );
    expect(r.out).toContain('tests: 5 passed, 0 failed, 0 skipped');
    expect(r.status).toBe(0);
  });

  it('fails under CI=true when one vitest test was skipped', () => {
    const r = runSummary({ 'unit.json': vitestReport({ passed: 3, skipped: 1 }) }, { ci: true });
    expect(r.out).toContain('1 skipped');
    expect(r.status).not.toBe(0);
  });

  it('fails under CI=true when one Playwright test was skipped', () => {
    const r = runSummary(
      { 'unit.json': vitestReport({ passed: 3 }), 'e2e.json': playwrightReport({ expected: 2, skipped: 1 }) },
      { ci: true },
    );
    expect(r.status).not.toBe(0);
  });

  it('lets a skipped test pass outside CI', () => {
    const r = runSummary({ 'unit.json': vitestReport({ passed: 3, skipped: 1 }) }, { ci: false });
    expect(r.status).toBe(0);
  });

  it('fails when a test failed, in CI or not', () => {
    for (const ci of [true, false]) {
      expect(runSummary({ 'unit.json': vitestReport({ passed: 3, failed: 1 }) }, { ci }).status).not.toBe(0);
      expect(runSummary({ 'e2e.json': playwrightReport({ expected: 3, unexpected: 1 }) }, { ci }).status).not.toBe(0);
    }
  });

  it('fails when no test ran', () => {
    expect(runSummary({}, { ci: false }).status).not.toBe(0);
    expect(runSummary({ 'unit.json': vitestReport({ passed: 0 }) }, { ci: false }).status).not.toBe(0);
  });

  it('fails when a step failed, even if every reported test passed', () => {
    const r = runSummary({ 'unit.json': vitestReport({ passed: 3 }) }, { ci: false, steps: ['lint'] });
    expect(r.out).toContain('failed steps: lint');
    expect(r.status).not.toBe(0);
  });

  it('fails on a report it cannot read', () => {
    const r = runSummary({ 'unit.json': vitestReport({ passed: 3 }), 'e2e.json': '{"truncated' }, { ci: false });
    expect(r.status).not.toBe(0);
  });
});

describe('scripts/test.sh', () => {
  /**
   * A copy of the repository's scripts/test.sh and summarize-tests.mjs in a temporary tree, with
   * every step's tool stubbed: `npm`, `npx` and the node scripts succeed unless their command
   * line contains $STUB_FAIL, and a vitest step writes $STUB_REPORT as its JSON report.
   */
  function runTestSh(opts: { ci: boolean; report: string; fail?: string }) {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scripts'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(path.join(repo, 'scripts/test.sh'), path.join(dir, 'scripts/test.sh'));
    copyFileSync(summarize, path.join(dir, 'scripts/summarize-tests.mjs'));
    const stub = `#!/usr/bin/env bash
for arg in "$@"; do
  case "$arg" in --outputFile=*) printf '%s' "$STUB_REPORT" > "\${arg#--outputFile=}" ;; esac
done
if [[ -n "\${STUB_FAIL:-}" && "$*" == *"$STUB_FAIL"* ]]; then exit 1; fi
exit 0
`;
    for (const tool of ['npm', 'npx']) {
      writeFileSync(path.join(dir, 'bin', tool), stub);
      chmodSync(path.join(dir, 'bin', tool), 0o755);
    }
    for (const script of ['build.mjs', 'run-integration.mjs']) {
      writeFileSync(
        path.join(dir, 'scripts', script),
        `const f = process.env.STUB_FAIL; process.exitCode = f && ${JSON.stringify(script)}.includes(f) ? 1 : 0;\n`,
      );
    }
    const r = spawnSync('bash', [path.join(dir, 'scripts/test.sh')], {
      encoding: 'utf8',
      env: env({
        CI: opts.ci ? 'true' : 'false',
        PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        STUB_REPORT: opts.report,
        STUB_FAIL: opts.fail ?? '',
      }),
    });
    return { status: r.status, out: r.stdout };
  }

  it('exits 0 when every step and test passed', () => {
    const r = runTestSh({ ci: true, report: vitestReport({ passed: 4 }) });
    expect(r.out).toMatch(/tests: \d+ passed, 0 failed, 0 skipped/);
    expect(r.status).toBe(0);
  });

  it('exits non-zero under CI=true with one skipped test (the summary decides)', () => {
    const r = runTestSh({ ci: true, report: vitestReport({ passed: 4, skipped: 1 }) });
    expect(r.out).toContain('CI: a skipped test is a failure here');
    expect(r.status).not.toBe(0);
  });

  it('exits non-zero when a step failed', () => {
    const r = runTestSh({ ci: false, report: vitestReport({ passed: 4 }), fail: 'lint' });
    expect(r.out).toContain('== lint: FAILED');
    expect(r.status).not.toBe(0);
  });
});
