// Prints the one closing line CI reads, `N passed, N failed`, from the JSON reports of vitest
// (reports/vitest.json) and Playwright (reports/playwright.json), and exits 1 if anything failed.
//
//   node scripts/ci-summary.mjs --vitest-exit=0 --playwright-exit=1 --failed-steps="lint build:app"
//
// A runner exit of "skipped" means the runner was not started (e.g. no build for e2e). A runner
// that ran but left no readable report counts as 1 failed test, and so does a runner that exited
// non-zero although its report lists no failed test (a file that did not load, a web server that
// did not start). Each failed non-test step (typecheck, lint, build) also counts as 1 failed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ passed: number, failed: number, note: string }} Tally
 */

/** @param {string} path */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {any} report vitest's JSON reporter output
 * @returns {{ passed: number, failed: number } | undefined}
 */
export function countVitest(report) {
  if (!report || typeof report.numPassedTests !== 'number') return undefined;
  const brokenFiles = Array.isArray(report.testResults)
    ? report.testResults.filter(
        (/** @type {any} */ file) =>
          file.status === 'failed' &&
          !(file.assertionResults ?? []).some((/** @type {any} */ t) => t.status === 'failed'),
      ).length
    : 0;
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
}

/**
 * @param {any} report Playwright's JSON reporter output
 * @returns {{ passed: number, failed: number } | undefined}
 */
export function countPlaywright(report) {
  const stats = report?.stats;
  if (!stats || typeof stats.expected !== 'number') return undefined;
  const globalErrors = Array.isArray(report.errors) && report.errors.length > 0 ? 1 : 0;
  return {
    passed: stats.expected + (stats.flaky ?? 0),
    failed: stats.unexpected + (stats.unexpected === 0 ? globalErrors : 0),
  };
}

/**
 * @param {string} name
 * @param {string | undefined} exit the runner's exit code, "skipped", or undefined if unknown
 * @param {{ passed: number, failed: number } | undefined} counts
 * @returns {Tally}
 */
export function tally(name, exit, counts) {
  if (exit === 'skipped') return { passed: 0, failed: 0, note: `${name} not run` };
  if (!counts) return { passed: 0, failed: 1, note: `${name} left no report (exit ${exit ?? '?'})` };
  const exitedBadly = exit !== undefined && exit !== '0';
  const failed = exitedBadly && counts.failed === 0 ? 1 : counts.failed;
  const extra = failed !== counts.failed ? `, exit ${exit} counted as 1 failure` : '';
  return { passed: counts.passed, failed, note: `${name}: passed ${counts.passed}, failed ${counts.failed}${extra}` };
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const args = {};
  for (const arg of argv) {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (match?.[1] !== undefined) args[match[1]] = match[2] ?? '';
  }
  return args;
}

function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const args = parseArgs(process.argv.slice(2));
  const failedSteps = (args['failed-steps'] ?? '').split(/\s+/).filter(Boolean);
  const tallies = [
    tally('vitest', args['vitest-exit'], countVitest(readJson(`${root}reports/vitest.json`))),
    tally('playwright', args['playwright-exit'], countPlaywright(readJson(`${root}reports/playwright.json`))),
  ];
  for (const { note } of tallies) console.log(`  ${note}`);
  if (failedSteps.length > 0) console.log(`  failed steps (1 failure each): ${failedSteps.join(', ')}`);
  const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
  const failed = tallies.reduce((sum, t) => sum + t.failed, 0) + failedSteps.length;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
