// One frame dissected with what the stream layer knows about it: its TCP payload split into what is decoded here and
// what belongs to PDUs reassembled elsewhere, the PDU or TSDU completed here as a byte source of its own, and the
// stream's problems (a retransmission, a gap) on the frame.
import type { FieldId } from '../field-ids';
import { field } from '../build';
import { cite, type Cite } from '../cite';
import type {
  DissectOptions,
  FrameStream,
  PayloadPiece,
  PayloadPlan,
  PlannedSource,
  PlannedTsdu,
  StreamPdu,
} from '../dissector';
import { dissectFrame, dissectLean } from '../engine';
import type { FrameRecord, LeanWants } from '../sink';
import type { Frame, Problem, SourceRange } from '../model';
import { COTP_DATA } from '../protocols/cotp';
import { TCP_SEGMENT_DATA } from '../protocols/tcp';
import { SOURCE_KIND_NAMES } from '../source-kind';
import type { FactPiece, FrameFacts, StreamNote } from './model';

const STREAM = cite('RFC 9293', '3.4');
/** Where each PDU kind's framing (its length field) is defined. */
const FRAMING: Readonly<Record<StreamPdu, Cite>> = {
  tpkt: cite('RFC 1006', '6'),
  tls: cite('RFC 8446', '5.1'),
  'rdp-fastpath': cite('MS-RDPBCGR', '2.2.8.1.2'),
};

/** The bytes of a frame by number, while the caller still has them. */
export type FrameBytes = (frame: number) => Uint8Array | undefined;

/** A source's bytes put back together from its frames; undefined when one of them is no longer at hand. */
export function sourceBytes(ranges: readonly SourceRange[], bytesOf: FrameBytes): Uint8Array | undefined {
  const length = ranges.reduce((n, r) => Math.max(n, r.sourceOffset + r.length), 0);
  const out = new Uint8Array(length);
  for (const r of ranges) {
    const bytes = bytesOf(r.frame);
    if (!bytes || r.offset + r.length > bytes.length) return undefined;
    out.set(bytes.subarray(r.offset, r.offset + r.length), r.sourceOffset);
  }
  return out;
}

const frameList = (ranges: readonly SourceRange[]) => [...new Set(ranges.map((r) => r.frame))];

/** What a piece of a PDU is part of, in words: "a TPKT", "a TLS record"; and its short name for Info. */
function pduWords(piece: Extract<FactPiece, { kind: 'segment' }>): { a: string; short: string } {
  const kind = piece.of ?? 'tpkt';
  return { a: SOURCE_KIND_NAMES[kind].a, short: kind === 'tpkt' ? 'TPKT' : kind === 'tls' ? 'TLS' : 'RDP fast-path' };
}

function segmentText(
  piece: Extract<FactPiece, { kind: 'segment' }>,
  length: number,
): { display: string; info?: string } {
  const bytes = `${length} byte${length === 1 ? '' : 's'}`;
  const { a, short } = pduWords(piece);
  switch (piece.role) {
    case 'part':
      if (piece.unfinished?.ranges)
        return {
          display: `${bytes}, the last captured part of a TPKT the capture ends before completing (decoded below as far as it goes)`,
        };
      if (piece.unfinished)
        return {
          display: `${bytes}, part of a TPKT the capture ends before completing (its captured bytes are decoded in frame ${piece.unfinished.frame})`,
          info: `[TPKT segment, incomplete, decoded in frame ${piece.unfinished.frame}]`,
        };
      if (piece.completedIn !== undefined)
        return {
          display: `${bytes}, part of ${a} completed in frame ${piece.completedIn}`,
          info: `[${short} segment, completed in frame ${piece.completedIn}]`,
        };
      if (piece.lost !== undefined)
        return {
          display: `${bytes}, part of ${a} never completed: ${piece.lost}`,
          info: `[${short} segment, never completed]`,
        };
      return {
        display: `${bytes}, part of ${a} not completed yet (the rest is in frames not read yet)`,
        info: `[${short} segment]`,
      };
    case 'completes': {
      const frames = frameList(piece.ranges ?? []);
      return {
        display: `${bytes}, the end of ${a} reassembled from frames ${frames.join(', ')} (decoded below as its own bytes)`,
      };
    }
    case 'keep-alive':
      // Info says "[TCP Keep-Alive]" from the sequence analysis (tcp.analysis.keep_alive), as tshark does.
      return {
        display: `${bytes}: a TCP keep-alive probe (the octet before the next one expected, sent again to see whether the peer still answers), not decoded`,
      };
    case 'retransmission':
      return {
        display: `${bytes} sent again${piece.frame !== undefined ? ` (first in frame ${piece.frame})` : ''}: a retransmission, not decoded twice`,
        info: `[Retransmission${piece.frame !== undefined ? ` of frame ${piece.frame}` : ''}]`,
      };
    case 'conflict':
      return {
        display: `${bytes} overlapping earlier bytes${piece.frame !== undefined ? ` (frame ${piece.frame})` : ''} with different values: not merged`,
        info: '[Overlap, bytes differ]',
      };
    case 'out-of-order':
      return {
        display: `${bytes} older than the stream followed so far (out of order): not reassembled`,
        info: '[Out of order]',
      };
  }
}

const NOTE_ROLE: Readonly<Partial<Record<StreamNote['code'], string>>> = {
  retransmission: 'retransmission',
  'overlap-conflict': 'conflict',
  'out-of-order': 'out-of-order',
};

function noteProblem(n: StreamNote, fieldId?: FieldId, offset?: number): Problem {
  return {
    severity: n.severity,
    code: n.code,
    message: n.message,
    ...(n.code === 'cap-reached' ? {} : { cite: STREAM }),
    ...(fieldId ? { fieldId } : {}),
    ...(offset !== undefined ? { offset } : {}),
  };
}

/** The engine's plan for the frame's TCP payload; undefined when the frame is dissected as on its own. */
export function payloadPlan(
  facts: FrameFacts | undefined,
  bytes: Uint8Array,
  bytesOf: FrameBytes,
  number: number,
): PayloadPlan | undefined {
  if (!facts) return undefined;
  const pieces = facts.pieces ?? [];
  const notes = [...facts.notes];
  const out: PayloadPiece[] = pieces.map((piece): PayloadPiece => {
    if (piece.kind === 'decode') return piece;
    // A TPKT the capture ends in, all of it in this frame: decoded here as it is without reassembly.
    if (piece.unfinished?.ranges?.length === 1) return { kind: 'decode', offset: piece.offset, end: piece.end };
    const length = piece.end - piece.offset;
    const text = segmentText(piece, length);
    const problems: Problem[] = [];
    const at = notes.findIndex((n) => NOTE_ROLE[n.code] === piece.role);
    if (at >= 0) problems.push(noteProblem(notes.splice(at, 1)[0]!, TCP_SEGMENT_DATA.id, piece.offset));
    if (piece.role === 'part' && piece.lost !== undefined) {
      problems.push({
        severity: 'warning',
        code: 'segment-missing',
        message: `These bytes start or continue ${pduWords(piece).a} that is never completed: ${piece.lost}. They are not decoded.`,
        fieldId: TCP_SEGMENT_DATA.id,
        offset: piece.offset,
        cite: FRAMING[piece.of ?? 'tpkt'],
      });
    }
    const segment = field(TCP_SEGMENT_DATA, bytes, piece.offset, length, {
      display: text.display,
      ...(problems.length > 0 ? { problems } : {}),
    });
    let source: PlannedSource | undefined;
    const whole = piece.role === 'completes' ? piece : piece.unfinished;
    if (whole?.ranges) {
      const pdu = whole.pdu ?? sourceBytes(whole.ranges, bytesOf);
      const count = frameList(whole.ranges).length;
      const kind = piece.of ?? 'tpkt';
      // Only a TPKT is left unfinished by the tracker (the others are dropped with a note): its header gives its length.
      if (pdu)
        source = {
          kind,
          name:
            whole === piece
              ? `Reassembled ${SOURCE_KIND_NAMES[kind].name} (${count} segments, ${pdu.length} bytes)`
              : `Incomplete TPKT (${count} segments, ${pdu.length}${pdu.length >= 4 ? ` of ${(pdu[2]! << 8) | pdu[3]!}` : ''} bytes: the capture ends before the rest)`,
          bytes: pdu,
          ranges: whole.ranges,
        };
    }
    return {
      kind: 'segment',
      offset: piece.offset,
      end: piece.end,
      fields: [segment],
      ...(text.info ? { info: text.info } : {}),
      // The segment where a PDU decoded elsewhere starts says only that, as tshark's Info "[TCP segment of a
      // reassembled PDU]" does there (its upper layer took the column); later parts follow TCP's own Info, as there.
      ...(text.info && piece.role === 'part' && piece.frame === number ? { replacesInfo: true as const } : {}),
      ...(source ? { source } : {}),
    };
  });
  const tsdu = facts.tsdu ? plannedTsdu(facts.tsdu, out, bytesOf) : undefined;
  if (out.length === 0 && !tsdu) return undefined;
  return { payloadOffset: pieces[0]?.offset ?? -1, pieces: out, ...(tsdu ? { tsdu } : {}) };
}

/** A COTP TSDU completed in this frame, dissected from COTP's `cotp.data`; undefined when a frame's bytes are gone. */
function plannedTsdu(
  tsdu: NonNullable<FrameFacts['tsdu']>,
  pieces: readonly PayloadPiece[],
  bytesOf: FrameBytes,
): PlannedTsdu | undefined {
  const bytes = tsdu.bytes ?? sourceBytes(tsdu.ranges, bytesOf);
  if (!bytes) return undefined;
  const last = lastDt(tsdu.ranges, pieces);
  return {
    kind: 'tsdu',
    name: `Reassembled COTP TSDU (${tsdu.tpdus} DT TPDUs, ${bytes.length} bytes)`,
    bytes,
    ranges: tsdu.ranges,
    next: COTP_DATA,
    undecoded: `COTP TSDU: user data of ${tsdu.tpdus} DT TPDUs joined up to EOT (${bytes.length} bytes; framescope does not decode the layer above)`,
    ...(last ? { last } : {}),
  };
}

/**
 * Where the TSDU's last DT (EOT) has its user data, which is not to be decoded alone: that data runs to the end of its
 * TPKT, which ends in this frame — in its own bytes, or as the end of a TPKT reassembled here. An empty one hands
 * nothing on anyway.
 */
function lastDt(ranges: readonly SourceRange[], pieces: readonly PayloadPiece[]): PlannedTsdu['last'] {
  const last = ranges[ranges.length - 1];
  if (!last || last.length === 0) return undefined;
  const end = last.offset + last.length;
  for (const piece of pieces)
    if (piece.kind === 'segment' && piece.source && piece.offset < end && end <= piece.end)
      return { end: piece.source.bytes.length, in: piece.source };
  return { end };
}

/** The frame with reassembly on. `facts` from the stream tracker; `bytesOf` gives the frames' bytes a PDU is rebuilt from. */
export function dissectWithStream(
  bytes: Uint8Array,
  linkType: number,
  number: number,
  options: DissectOptions,
  facts: FrameFacts | undefined,
  bytesOf: FrameBytes,
  stream?: FrameStream,
): Frame {
  if (!facts) return dissectFrame(bytes, linkType, number, options, undefined, stream);
  const plan = payloadPlan(facts, bytes, bytesOf, number);
  const frame = dissectFrame(bytes, linkType, number, options, plan, stream);
  const placed = new Set(
    plan?.pieces.flatMap((p) => (p.kind === 'segment' ? (p.fields[0]?.problems ?? []).map((x) => x.message) : [])) ??
      [],
  );
  const extra = facts.notes.filter((n) => !placed.has(n.message)).map((n) => noteProblem(n, 'tcp.seq_raw'));
  const reassembledIn = facts.reassembledIn;
  return {
    ...frame,
    ...(extra.length > 0 ? { problems: [...frame.problems, ...extra] } : {}),
    ...(reassembledIn.length > 0 ? { reassembledIn: [...reassembledIn].sort((a, b) => a.offset - b.offset) } : {}),
  };
}

/** `dissectWithStream` without field objects (a bulk pass): the same record the tree frame gives (record.ts). */
export function dissectWithStreamLean(
  bytes: Uint8Array,
  linkType: number,
  number: number,
  options: DissectOptions,
  facts: FrameFacts | undefined,
  bytesOf: FrameBytes,
  wants: LeanWants,
  stream?: FrameStream,
): FrameRecord {
  if (!facts) return dissectLean(bytes, linkType, number, wants, options, undefined, stream);
  const plan = payloadPlan(facts, bytes, bytesOf, number);
  const record = dissectLean(bytes, linkType, number, wants, options, plan, stream);
  const placed = new Set(
    plan?.pieces.flatMap((p) => (p.kind === 'segment' ? (p.fields[0]?.problems ?? []).map((x) => x.message) : [])) ??
      [],
  );
  const extra = facts.notes.filter((n) => !placed.has(n.message)).map((n) => noteProblem(n, 'tcp.seq_raw'));
  const reassembledIn = facts.reassembledIn;
  return {
    ...record,
    ...(extra.length > 0 ? { problems: [...record.problems, ...extra] } : {}),
    ...(reassembledIn.length > 0 ? { reassembledIn: [...reassembledIn].sort((a, b) => a.offset - b.offset) } : {}),
  };
}
