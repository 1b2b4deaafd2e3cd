// The full field tree as text, shaped like `tshark -V`, with problems under their fields and citations:
// the CLI's -V output and the body of the plain-text report.
import { citeText, SCHEMA, SOURCE_KIND_NAMES, type Cite, type Field, type Frame, type Problem } from '../dissect';
import { LINKTYPE_ETHERNET, LINKTYPE_IPV4 } from '../inputs';
import { fieldLabel } from '../dissect/format';
import { problemCount, problemHeadline, problemRules } from './problem-text';
import { hexNumber } from '../dissect/format';

const INDENT = '    ';
const LINK_TYPE_NAMES: Readonly<Record<number, string>> = {
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_IPV4]: 'Raw IPv4',
};

function sameCite(a: Cite | undefined, b: Cite | undefined): boolean {
  return a?.doc === b?.doc && a?.section === b?.section;
}

/** "0100 .... = Version: 4", "[Calculated Checksum: 0x040a]", "Reserved: 17 (0x11) (reserved)". */
export function fieldText(field: Field): string {
  const schema = SCHEMA[field.id];
  return `${fieldLabel(field, schema)}${schema?.reserved ? ' (reserved)' : ''}`;
}

function withCite(text: string, cite: Cite | undefined, context: Cite | undefined): string {
  return cite && !sameCite(cite, context) ? `${text}  — ${citeText(cite)}` : text;
}

function problemLines(problem: Problem, indent: string): string[] {
  const rules = problemRules(problem);
  return rules === '' ? [indent + problemHeadline(problem)] : [indent + problemHeadline(problem), indent + rules];
}

/** "tpkt.reserved, byte 55 (0x37): " — where a frame-level problem points. */
function problemPlace(problem: Problem): string {
  const at = problem.offset !== undefined ? `byte ${problem.offset} (${hexNumber(problem.offset)})` : '';
  const where = problem.source !== undefined ? `reassembled source ${problem.source + 1}` : '';
  const place = [where, problem.fieldId ?? '', at].filter((part) => part !== '').join(', ');
  return place === '' ? '' : `${place}: `;
}

function fieldLines(fields: readonly Field[], depth: number, parentCite: Cite | undefined, lines: string[]): void {
  const indent = INDENT.repeat(depth);
  for (const field of fields) {
    const cite = SCHEMA[field.id]?.cite;
    lines.push(indent + withCite(fieldText(field), cite, parentCite));
    for (const problem of field.problems ?? []) lines.push(...problemLines(problem, indent + INDENT));
    if (field.children) fieldLines(field.children, depth + 1, cite ?? parentCite, lines);
  }
}

/** "Frame 1: 98 bytes (784 bits), link type Ethernet (1)" */
export function frameHeading(frame: Frame): string {
  const linkName = LINK_TYPE_NAMES[frame.linkType] ?? 'unknown';
  return `Frame ${frame.number}: ${frame.length} bytes (${frame.length * 8} bits), link type ${linkName} (${frame.linkType})`;
}

/**
 * One line per layer and field, fields indented under their layer, problems under their field; the layers of the
 * datagram an ICMP error quotes indented under the error, as tshark nests them.
 */
export function layerLines(frame: Frame): string[] {
  const lines: string[] = [];
  for (const layer of frame.layers) {
    // The layer's citation is its first field's; a field line cites only what differs from its parent's.
    const layerCite = layer.fields[0] ? SCHEMA[layer.fields[0].id]?.cite : undefined;
    const depth = layer.quoted ? 1 : 0;
    lines.push(INDENT.repeat(depth) + withCite(layer.summary, layerCite, undefined));
    fieldLines(layer.fields, depth + 1, layerCite, lines);
  }
  return lines;
}

/**
 * Reassembly on: each PDU completed in this frame, as tshark shows "[3 Reassembled TCP Segments (47 bytes): #3(3),
 * #4(17), #5(27)]", then its layers, offsets counting in the reassembled bytes.
 */
export function sourceLines(frame: Frame): string[] {
  const lines: string[] = [];
  const span = (from: number, length: number) =>
    length === 0 ? `no bytes (at ${from})` : `bytes ${from}-${from + length - 1}`;
  for (const source of frame.sources ?? []) {
    const ranges = source.ranges.map((r) => `#${r.frame}(${r.length})`).join(', ');
    lines.push(`[${source.name}: ${ranges}]`);
    for (const r of source.ranges)
      lines.push(`${INDENT}[${span(r.sourceOffset, r.length)} from frame ${r.frame}, offset ${r.offset}]`);
    lines.push(...layerLines({ ...frame, layers: source.layers }));
  }
  for (const part of frame.reassembledIn ?? []) {
    const what = SOURCE_KIND_NAMES[part.kind].a;
    const bytes =
      part.length === 0
        ? `A DT TPDU with no user data (at ${part.offset})`
        : `Bytes ${part.offset}-${part.offset + part.length - 1}`;
    lines.push(
      `[${bytes}: part of ${what} ${part.frame !== undefined ? `completed in frame ${part.frame}` : 'never completed'}]`,
    );
  }
  return lines;
}

/** "Problems: 1 warning", then one line per problem with where it is and the rules it rests on; none: []. */
export function frameProblemLines(frame: Frame): string[] {
  if (frame.problems.length === 0) return [];
  return [
    `Problems: ${problemCount(frame.problems)}`,
    ...frame.problems.map((problem) => {
      const rules = problemRules(problem);
      return `${INDENT}${problemHeadline(problem, problemPlace(problem))}${rules === '' ? '' : ` ${rules}`}`;
    }),
  ];
}

/** The -V output for one frame. */
export function frameTree(frame: Frame): string {
  return `${[frameHeading(frame), ...layerLines(frame), ...sourceLines(frame), ...frameProblemLines(frame)].join('\n')}\n`;
}
