// Which problem matters most: a packet row's mark, a collapsed tree node's, a TPDU's in the conversation view.
import type { Problem, Severity } from './model';

/** Most severe first: the order in which problems are counted and listed. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** The more severe of two (either may be absent). */
export function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[b] > RANK[a] ? b : a;
}

/** The most severe of the problems; undefined when there are none. */
export function worstOf(problems: readonly Problem[]): Severity | undefined {
  let out: Severity | undefined;
  for (const p of problems) out = worse(out, p.severity);
  return out;
}
