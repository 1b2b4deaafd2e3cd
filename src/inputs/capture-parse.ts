// What the pcap and pcapng parsers share: the bytes, the index they fill, the file's sections and interfaces,
// and the words for what went wrong. A parser advances as far as the bytes allow and waits for more; finish()
// says the file ended, and reports a record cut short.
import type { Cite } from '../dissect/cite';
import type { Problem, Severity } from '../dissect/model';
import type { ByteStore } from './capture-bytes';
import {
  FRAME_HAS_COMMENT,
  FRAME_HAS_PROBLEM,
  addFrame,
  type CaptureInterface,
  type CaptureSection,
  type FrameIndex,
  type FrameRecord,
} from './capture-model';

export interface ParseContext {
  readonly store: ByteStore;
  readonly index: FrameIndex;
  readonly sections: CaptureSection[];
  readonly interfaces: CaptureInterface[];
  /** File-level problems (damage, odd headers). */
  readonly problems: Problem[];
  readonly frameComments: Map<number, string[]>;
  /** Record-level problems (a record longer than the snap length), by frame number. */
  readonly frameProblems: Map<number, Problem[]>;
  readonly skippedBlocks: Record<string, number>;
}

export interface CaptureParser {
  /** Reads every whole record the bytes so far hold. */
  advance(): void;
  /** The file ended: reports a record or header cut short. */
  finish(): void;
  /** True once reading stopped at damage it cannot read past (later bytes are ignored). */
  stopped(): boolean;
  /** Offset of the first byte not yet consumed. */
  position(): number;
  /** "pcap, little-endian, microsecond timestamps" */
  description(): string;
}

export function createContext(store: ByteStore, index: FrameIndex): ParseContext {
  return {
    store,
    index,
    sections: [],
    interfaces: [],
    problems: [],
    frameComments: new Map(),
    frameProblems: new Map(),
    skippedBlocks: {},
  };
}

export function fileProblem(
  severity: Severity,
  code: Problem['code'],
  message: string,
  fileOffset: number,
  cite: Cite,
  frame?: number,
): Problem {
  return { severity, code, message, fileOffset, cite, ...(frame !== undefined ? { frame } : {}) };
}

/** A frame's record problems when it has none. */
const NO_PROBLEMS: Problem[] = [];

/**
 * Adds a frame with its comments and record problems (`problems`: absent when the record has none); returns its number.
 * `record` is read at once (a parser may reuse one object for every record).
 */
export function indexFrame(
  context: ParseContext,
  record: FrameRecord,
  comments: readonly string[],
  problems?: (frame: number) => Problem[],
): number {
  const recordProblems = problems ? problems(context.index.count + 1) : NO_PROBLEMS;
  const number = addFrame(context.index, record);
  const flags = (comments.length > 0 ? FRAME_HAS_COMMENT : 0) | (recordProblems.length > 0 ? FRAME_HAS_PROBLEM : 0);
  if (flags !== 0) context.index.flags[number - 1]! |= flags;
  if (comments.length > 0) context.frameComments.set(number, [...comments]);
  if (recordProblems.length > 0) context.frameProblems.set(number, recordProblems);
  return number;
}

const utf8 = new TextDecoder('utf-8');

/** A pcapng string option: UTF-8, not necessarily valid, a zero octet ends it (draft-ietf-opsawg-pcapng §3.5, §3.6.3). */
export function optionText(bytes: Uint8Array): string {
  const zero = bytes.indexOf(0);
  return utf8.decode(zero >= 0 ? bytes.subarray(0, zero) : bytes);
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
