import { describe, expect, it } from 'vitest';
import type { Problem } from './model';
import { SEVERITIES, worse, worstOf } from './severity';

const problemOf = (severity: Problem['severity']): Problem => ({ severity, code: 'malformed', message: '' });

describe('severity ranking', () => {
  it('takes the more severe of two', () => {
    expect(worse(undefined, undefined)).toBeUndefined();
    expect(worse(undefined, 'note')).toBe('note');
    expect(worse('warning', 'note')).toBe('warning');
    expect(worse('warning', 'error')).toBe('error');
  });
  it('finds the worst of a list, and none in an empty one', () => {
    expect(worstOf([])).toBeUndefined();
    expect(worstOf((['note', 'error', 'warning'] as const).map(problemOf))).toBe('error');
    expect(worstOf([problemOf('note'), problemOf('warning')])).toBe('warning');
  });
  it('lists severities most severe first', () => {
    expect([...SEVERITIES].sort((a, b) => (worse(a, b) === a ? -1 : 1))).toEqual(SEVERITIES);
  });
});
