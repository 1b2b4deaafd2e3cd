// How problems read in text: the CLI's outputs and the plain-text report.
import { citeText, SEVERITIES, type Problem } from '../dissect';

/** "2 errors, 1 warning"; "" when there are none. */
export function problemCount(problems: readonly Problem[]): string {
  if (problems.length === 0) return '';
  return SEVERITIES.map((severity) => {
    const n = problems.filter((p) => p.severity === severity).length;
    return n === 0 ? '' : `${n} ${severity}${n === 1 ? '' : 's'}`;
  })
    .filter((part) => part !== '')
    .join(', ');
}

/** "[warning: reserved-nonzero] message", with `where` ("tpkt.reserved, byte 55 (0x37): ") before the message. */
export function problemHeadline(problem: Problem, where = ''): string {
  return `[${problem.severity}: ${problem.code}] ${where}${problem.message}`;
}

/** "(RFC 1006 §6; see also RFC 1122 §1.2.2)"; "" when the problem cites nothing. */
export function problemRules(problem: Problem): string {
  const parts: string[] = [];
  if (problem.cite) parts.push(citeText(problem.cite));
  if (problem.seeAlso && problem.seeAlso.length > 0) parts.push(`see also ${problem.seeAlso.map(citeText).join(', ')}`);
  return parts.length === 0 ? '' : `(${parts.join('; ')})`;
}

/**
 * An input-level problem as "line L, column C: message". The text parser already starts its messages with
 * that prefix; it is added only when missing, so a parser change cannot double it or drop it.
 */
export function inputProblemText(problem: Problem): string {
  if (problem.line === undefined) return problem.message;
  const at = `line ${problem.line}${problem.column !== undefined ? `, column ${problem.column}` : ''}`;
  return problem.message.startsWith(`${at}:`) ? problem.message : `${at}: ${problem.message}`;
}
