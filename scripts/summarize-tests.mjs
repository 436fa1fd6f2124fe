// The last word of `npm test`: adds up the JSON reports of vitest and Playwright
// into one closing line, and its exit status is CI's verdict.
//   node scripts/summarize-tests.mjs DIR [FAILED_STEP...]
// Fails (exit 1) when a step failed, a test failed, no test ran, a report cannot
// be read, or (with CI=true) a test was skipped.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir = 'test-results', ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const reasons = [];

let names = [];
try {
  names = readdirSync(dir).filter((n) => n.endsWith('.json'));
} catch (error) {
  reasons.push(`no reports in ${dir}: ${error.message}`);
}
for (const name of names) {
  let report;
  try {
    report = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  } catch (error) {
    reasons.push(`${name} cannot be read: ${error.message}`);
    continue;
  }
  if (typeof report.numPassedTests === 'number') {
    // vitest (jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected ?? 0;
    failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0);
    skipped += report.stats.skipped ?? 0;
  } else {
    reasons.push(`${name} is neither a vitest nor a Playwright report`);
  }
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failedSteps.length) reasons.push(`failed steps: ${failedSteps.join(' ')}`);
if (failed > 0) reasons.push(`${failed} failed`);
if (passed + failed === 0) reasons.push('no test ran');
if (process.env.CI === 'true' && skipped > 0) reasons.push('CI: a skipped test is a failure here');
for (const reason of reasons) console.log(reason);
process.exitCode = reasons.length ? 1 : 0;
