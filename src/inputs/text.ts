// Pasted text → frames. Every format is a row of TEXT_FORMATS (text-formats.ts): each claims a sample of the
// text, the strongest claim reads it all, and the next one reads when that finds no bytes. A pasted link (Hex
// Packet Decoder, CyberChef) is unwrapped first. The link layer of each frame is then guessed from its bytes.
import type { Problem } from '../dissect/model';
import type { InputFrame, ParsedInput } from './model';
import { guessLinkType, linkTypeName } from './linktype';
import { FALLBACK, TEXT_FORMATS, type TextFormat } from './text-formats';
import { inputProblem, sampleLines, splitLines, type ReadResult, type TextFrame } from './text-scan';
import { urlPayload } from './text-url';

function inputFrame(frame: TextFrame): InputFrame {
  const guess = guessLinkType(frame.bytes);
  return {
    bytes: frame.bytes,
    linkType: guess.linkType,
    linkTypeSource: guess.sure ? 'detected' : 'assumed',
    line: frame.line,
  };
}

/** "Ethernet II", or "mixed (2 Ethernet II, 1 Raw IPv4)" when the frames differ. */
export function linkTypeSummary(frames: readonly InputFrame[]): string | undefined {
  const counts = new Map<number, number>();
  for (const f of frames) counts.set(f.linkType, (counts.get(f.linkType) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  if (counts.size === 1) return linkTypeName(frames[0]!.linkType);
  return `mixed (${[...counts].map(([type, n]) => `${n} ${linkTypeName(type)}`).join(', ')})`;
}

function parsed(format: TextFormat, result: ReadResult, name = format.nameAfter?.(result) ?? format.name): ParsedInput {
  const frames = result.frames.map(inputFrame);
  const linkTypeName = linkTypeSummary(frames);
  return {
    format: name,
    formatId: format.id,
    frames,
    problems: result.problems,
    ...(linkTypeName ? { linkTypeName } : {}),
  };
}

function readText(text: string): ParsedInput {
  const lines = splitLines(text);
  const sample = sampleLines(lines);
  const ranked = TEXT_FORMATS.map((format, order) => ({ format, order, claim: format.claim(sample) }))
    .filter((c) => c.claim > 0)
    .sort((a, b) => b.claim - a.claim || a.order - b.order);
  let strongest: { format: TextFormat; result: ReadResult } | undefined;
  for (const { format } of ranked) {
    const result = format.read(lines, text);
    if (result.frames.length > 0) return parsed(format, result);
    strongest ??= { format, result };
  }
  if (strongest && strongest.result.problems.length > 0) return parsed(strongest.format, strongest.result);
  // Nothing claimed the text: reading it as hex says where the first character that is not hex sits.
  const result = FALLBACK.read(lines, text);
  return parsed(FALLBACK, result, result.frames.length > 0 ? FALLBACK.name : 'unknown');
}

/** A problem in a link's decoded parameter, moved to where that parameter sits in the pasted line. */
function inLink(problem: Problem, site: string, line: number, column: number): Problem {
  const inner = problem.message.replace(/^line \d+, column \d+: /, '');
  const at = problem.line === 1 && problem.column !== undefined ? column + problem.column - 1 : column;
  return inputProblem(problem.severity, `in the ${site}'s data (line ${problem.line ?? 1} of it): ${inner}`, line, at);
}

function readLink(text: string): ParsedInput | undefined {
  const payload = urlPayload(text);
  if (!payload) return undefined;
  if (payload.kind === 'unknown')
    return {
      format: 'link',
      frames: [],
      problems: [inputProblem('error', payload.message, payload.line, payload.column)],
    };
  if (payload.kind === 'bytes') {
    const frames = [inputFrame({ bytes: payload.bytes, line: payload.line })];
    const linkTypeName = linkTypeSummary(frames);
    return {
      format: `${payload.site} (raw bytes)`,
      formatId: 'link',
      frames,
      problems: [],
      ...(linkTypeName ? { linkTypeName } : {}),
    };
  }
  const inner = readText(payload.text);
  return {
    ...inner,
    format: `${payload.site} → ${inner.format}`,
    frames: inner.frames.map((f) => ({ ...f, line: payload.line })),
    problems: inner.problems.map((p) => inLink(p, payload.site, payload.line, payload.column)),
  };
}

/** Never throws: whatever it could read, plus problems naming the line and column where it went wrong. */
export function parseText(text: string): ParsedInput {
  try {
    if (text.trim() === '') return { format: 'empty', frames: [], problems: [] };
    const normalised = text.replace(/\r\n?/g, '\n');
    return readLink(normalised) ?? readText(normalised);
  } catch (error) {
    return {
      format: 'unknown',
      frames: [],
      problems: [
        {
          severity: 'error',
          code: 'internal-error',
          message: `framescope's text parser failed (${error instanceof Error ? error.message : String(error)}); this is a framescope bug`,
        },
      ],
    };
  }
}
