// A plain-text report of one frame to paste into a ticket or an email to the other vendor: what is wrong and by
// which rule, the decoded fields with their clauses, the bytes in a form Wireshark reads, and every rule's link.
import { citeText, documentTitle, SCHEMA, walkFields, type Cite, type Field, type Frame } from '../dissect';
import { hexDump } from './hex';
import { frameHeading, frameProblemLines, layerLines, fieldText } from './tree';
import { hexNumber } from '../dissect/format';

export interface ReportInput {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  /** The field the reader is pointed to, if one is selected. */
  readonly selected?: Field;
  /** A permalink that opens the same view, when the frame is small enough for one. */
  readonly link?: string;
}

const INDENT = '    ';

function at(offset: number, length: number): string {
  return length <= 1
    ? `byte ${offset} (${hexNumber(offset, 2)})`
    : `bytes ${offset}–${offset + length - 1} (${hexNumber(offset, 2)}–${hexNumber(offset + length - 1, 2)})`;
}

function selectedLines(field: Field): string[] {
  const schema = SCHEMA[field.id];
  const lines = [`Selected field: ${field.id}, ${at(field.offset, field.length)}`, INDENT + fieldText(field)];
  if (schema) lines.push(`${INDENT}${schema.meaning} (${citeText(schema.cite)})`);
  return lines;
}

/** Every citation in the frame (problems' rules first), once each, in order of appearance. */
function citations(frame: Frame): Cite[] {
  const seen = new Map<string, Cite>();
  const add = (cite: Cite | undefined) => {
    if (cite && !seen.has(citeText(cite))) seen.set(citeText(cite), cite);
  };
  for (const problem of frame.problems) {
    add(problem.cite);
    problem.seeAlso?.forEach(add);
  }
  walkFields(frame, (field) => add(SCHEMA[field.id]?.cite));
  return [...seen.values()];
}

export function textReport({ frame, bytes, selected, link }: ReportInput): string {
  const { source, destination, protocol, info } = frame.summary;
  const route = source !== '' || destination !== '' ? `${source || '?'} → ${destination || '?'} · ` : '';
  const sections: string[][] = [
    [`framescope report — ${frameHeading(frame)}`, `${route}${protocol} · ${info}`],
    frame.problems.length > 0 ? frameProblemLines(frame) : ['Problems: none found'],
  ];
  if (selected) sections.push(selectedLines(selected));
  sections.push(['Decoded fields (the clause that governs a field follows "—"):', ...layerLines(frame)]);
  sections.push([
    'Frame bytes (Wireshark hex dump: Wireshark\'s "Import from Hex Dump", text2pcap and framescope read it):',
    hexDump(bytes).trimEnd(),
  ]);
  sections.push([
    'References:',
    ...citations(frame).map((cite) => `${INDENT}${citeText(cite)}: ${documentTitle(cite.doc)}. ${cite.url}`),
  ]);
  if (link) sections.push([`Open this frame in framescope: ${link}`]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
