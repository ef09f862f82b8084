// Prints "<passed> <failed>" for a Vitest or Playwright JSON report (scripts/test.sh sums them).
import fs from 'node:fs';

const [kind, file] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
if (kind === 'vitest') {
  // A file that failed to load counts as a failure even though it ran no test.
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  console.log(`${report.numPassedTests} ${report.numFailedTests + brokenFiles}`);
} else if (kind === 'playwright') {
  const s = report.stats;
  console.log(`${s.expected + s.flaky} ${s.unexpected + (report.errors?.length ?? 0)}`);
} else {
  throw new Error(`unknown report kind ${kind}`);
}
