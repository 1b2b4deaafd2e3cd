import { describe, expect, it } from 'vitest';
import { countPlaywright, countVitest, tally } from './ci-summary.mjs';

describe('countVitest', () => {
  it('counts passed and failed tests', () => {
    const report = { numPassedTests: 5, numFailedTests: 2, testResults: [] };
    expect(countVitest(report)).toEqual({ passed: 5, failed: 2 });
  });

  it('counts a file that failed without a failed test (did not load) as a failure', () => {
    const report = {
      numPassedTests: 1,
      numFailedTests: 0,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(countVitest(report)).toEqual({ passed: 1, failed: 1 });
  });

  it('rejects something that is not a vitest report', () => {
    expect(countVitest(undefined)).toBeUndefined();
    expect(countVitest({ stats: {} })).toBeUndefined();
  });
});

describe('countPlaywright', () => {
  it('counts expected and flaky as passed, unexpected as failed', () => {
    const report = { stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 2 }, errors: [] };
    expect(countPlaywright(report)).toEqual({ passed: 4, failed: 1 });
  });

  it('counts global errors (web server did not start) as one failure', () => {
    const report = { stats: { expected: 0, unexpected: 0, flaky: 0 }, errors: [{ message: 'x' }] };
    expect(countPlaywright(report)).toEqual({ passed: 0, failed: 1 });
  });
});

describe('tally', () => {
  it('counts a runner with no report as one failure', () => {
    expect(tally('vitest', '1', undefined)).toMatchObject({ passed: 0, failed: 1 });
  });

  it('counts a non-zero exit with no failed test as one failure', () => {
    expect(tally('vitest', '1', { passed: 4, failed: 0 })).toMatchObject({ passed: 4, failed: 1 });
  });

  it('counts nothing for a runner that was not started', () => {
    expect(tally('playwright', 'skipped', undefined)).toMatchObject({ passed: 0, failed: 0 });
  });

  it('keeps the counts of a clean run', () => {
    expect(tally('playwright', '0', { passed: 7, failed: 0 })).toMatchObject({ passed: 7, failed: 0 });
  });
});
