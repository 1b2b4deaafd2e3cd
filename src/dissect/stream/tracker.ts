// TCP conversations followed in both directions, in capture order: TPKTs (and, on RDP, TLS records and fast-path PDUs)
// split across segments put back together, COTP DT TPDUs joined up to EOT into TSDUs, retransmissions, overlaps and
// gaps flagged (never hung on, never silently merged), keep-alives told apart, and each conversation's TPDUs listed
// with their timing. What a conversation carries (framing.ts) follows its RDP negotiation. Pure: frames in, plain
// facts out.
// Memory per conversation is bounded (the caps below); reaching one stops that part with a note, never the pass.
import { numberOf } from '../build';
import { SOURCE_KIND_NAMES } from '../source-kind';
import { concatBytes } from '../reader';
import type { DissectOptions, StreamPdu } from '../dissector';
import { dissectPdu } from '../engine';
import { worstOf } from '../severity';
import type { Frame, Layer, SourceRange } from '../model';
import { TPDU_TYPES } from '../protocols/cotp';
import { tcpSegmentOf, type TcpSegment } from './segment';
import type { Conversation, FactPiece, FrameFacts, SegmentRole, StreamNote, TpduEntry } from './model';
import { hexNumber } from '../format';
import { carriageByPort, MAX_HEADER, negotiatedCarriage, pduAt, pduLength, type Carriage } from './framing';

export interface StreamCaps {
  /** Bytes of each direction kept to tell a retransmission (same bytes) from a conflicting overlap. */
  readonly history: number;
  /** Largest COTP TSDU reassembled; a longer one is left in its DT TPDUs, with a note. */
  readonly tsdu: number;
  /** TPDUs listed per conversation; later ones are counted, not listed. */
  readonly timeline: number;
  /** Stream events (retransmissions, gaps…) listed per conversation. */
  readonly events: number;
}

export const DEFAULT_CAPS: StreamCaps = { history: 64 * 1024, tsdu: 1024 * 1024, timeline: 100_000, events: 10_000 };

/**
 * How the facts will be used. The app keeps every frame's bytes and shows conversations; the CLI streams a file once,
 * letting each frame's bytes go once it is written (src/dissect/stream/in-order.ts).
 */
export interface TrackerUse {
  /** List each conversation's TPDUs (the conversation view). Off: TPKTs whole in a frame are not dissected again. */
  readonly timeline: boolean;
  /** Keep each reassembled TPKT's and TSDU's bytes in the facts of the frame where it completes (see `forget`). */
  readonly keepBytes: boolean;
}

const APP_USE: TrackerUse = { timeline: true, keepBytes: false };

interface Part {
  readonly frame: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly piece: Extract<FactPiece, { kind: 'segment' }>;
}

interface Pending {
  readonly kind: StreamPdu;
  /** The PDU's length, once its header is here. */
  need?: number;
  have: number;
  readonly parts: Part[];
}

interface Tsdu {
  readonly ranges: SourceRange[];
  /** Its user data so far, when the tracker keeps bytes. */
  readonly chunks: Uint8Array[];
  length: number;
  tpdus: number;
  /** Frames holding its DT TPDUs so far, to be told where the TSDU completes. */
  readonly holders: { frame: number; offset: number; length: number }[];
}

interface Direction {
  tracked: boolean;
  next?: number;
  /** The latest in-order bytes, oldest first, at most `caps.history` in total. */
  readonly history: { seq: number; frame: number; bytes: Uint8Array }[];
  historyBytes: number;
  pending?: Pending;
  tsdu?: Tsdu;
  tsduCapped?: boolean;
  /** Bytes that are not TPKT came where a TPKT was due (TLS on 3389): a 3 starting a later segment may be anything. */
  strayed?: boolean;
}

interface Flow {
  readonly conversation: Conversation;
  readonly directions: [Direction, Direction];
  timelineDropped: number;
  /** What the conversation carries, once a direction is followed (framing.ts). */
  carriage?: Carriage;
}

export interface StreamTracker {
  /** The next frame in capture order, with its own dissection (reassembly off) and bytes; `time` in seconds since the first frame. */
  push(frame: Frame, bytes: Uint8Array, time?: number): void;
  /** The capture has ended: TPKTs still incomplete are marked as never completed. */
  finish(): void;
  facts(frame: number): FrameFacts | undefined;
  conversations(): readonly Conversation[];
  /** Frames whose facts changed since the last call (a TPKT completed: its earlier segments now know where). */
  takeChanged(): number[];
  /**
   * Every frame numbered below this one has its final facts: no TPKT or TSDU it holds part of is still open. Infinity
   * when nothing is open.
   */
  settledBefore(): number;
  /** Drops a frame's facts (a streaming caller has written the frame). */
  forget(frame: number): void;
}

const endpointKey = (address: string, port: number) => `${address}|${port}`;

function tpduName(type: number | undefined): string {
  if (type === undefined) return '?';
  return TPDU_TYPES[type]?.split(' ')[0] ?? hexNumber(type);
}

/** The frame ranges holding [start, start + length) of a PDU whose bytes came from `ranges`. */
export function mapRanges(
  ranges: readonly SourceRange[],
  start: number,
  length: number,
  sourceOffset: number,
): SourceRange[] {
  const out: SourceRange[] = [];
  if (length === 0) {
    // A DT with no user data still belongs to the TSDU (tshark lists it as "#12(0)").
    const r = ranges.find((x) => start >= x.sourceOffset && start <= x.sourceOffset + x.length);
    return r ? [{ frame: r.frame, offset: r.offset + (start - r.sourceOffset), length: 0, sourceOffset }] : [];
  }
  const end = start + length;
  for (const r of ranges) {
    const lo = Math.max(start, r.sourceOffset);
    const hi = Math.min(end, r.sourceOffset + r.length);
    if (lo < hi)
      out.push({
        frame: r.frame,
        offset: r.offset + (lo - r.sourceOffset),
        length: hi - lo,
        sourceOffset: sourceOffset + (lo - start),
      });
  }
  return out;
}

/** A TPKT's parts put together: its bytes, and the frame ranges they came from. */
function joined(parts: readonly Part[]): { ranges: SourceRange[]; pdu: Uint8Array } {
  const ranges: SourceRange[] = [];
  let at = 0;
  for (const p of parts) {
    ranges.push({ frame: p.frame, offset: p.offset, length: p.bytes.length, sourceOffset: at });
    at += p.bytes.length;
  }
  return {
    ranges,
    pdu: concatBytes(
      parts.map((p) => p.bytes),
      at,
    ),
  };
}

/** The layers (COTP, RDP) a whole TPKT at [at, at + length) of a frame's own dissection holds; undefined unless it decoded exactly that TPKT. */
function ownTpktLayers(frame: Frame, at: number, length: number): Layer[] | undefined {
  const start = frame.layers.findIndex((l) => l.protocol === 'tpkt' && l.offset === at);
  if (start < 0 || numberOf(frame.layers[start]!.fields, 'tpkt.length') !== length) return undefined;
  const out: Layer[] = [];
  for (let i = start + 1; i < frame.layers.length && frame.layers[i]!.offset < at + length; i++) {
    const layer = frame.layers[i]!;
    if (layer.protocol === 'tpkt') break;
    out.push(layer);
  }
  return out;
}

const isCotp = (layer: Layer) => layer.protocol === 'cotp';

export function createStreamTracker(
  options: DissectOptions = {},
  caps: StreamCaps = DEFAULT_CAPS,
  use: TrackerUse = APP_USE,
): StreamTracker {
  const flows = new Map<string, Flow>();
  /** Directions that may hold an open TPKT or TSDU (pruned lazily by settledBefore). */
  const open = new Set<Direction>();
  const conversations: Conversation[] = [];
  const facts = new Map<number, FrameFacts>();
  let changed = new Set<number>();

  /** Frames up to this one were forgotten (written by a streaming caller): what is learnt of them later is dropped. */
  let forgotten = 0;

  const factsOf = (frame: number): FrameFacts => {
    if (frame <= forgotten) return { reassembledIn: [], notes: [] };
    let f = facts.get(frame);
    if (!f) facts.set(frame, (f = { reassembledIn: [], notes: [] }));
    return f;
  };

  const markChanged = (frame: number) => {
    if (frame > forgotten) changed.add(frame);
  };

  const event = (flow: Flow, entry: Conversation['events'][number]) => {
    if (flow.conversation.events.length < caps.events) flow.conversation.events.push(entry);
  };

  const note = (flow: Flow, frame: number, dir: 0 | 1, time: number | undefined, n: StreamNote) => {
    factsOf(frame).notes.push(n);
    event(flow, {
      frame,
      direction: dir,
      code: n.code,
      message: n.message,
      severity: n.severity,
      ...(time !== undefined ? { time } : {}),
    });
  };

  const flowOf = (s: TcpSegment, frame: number): { flow: Flow; dir: 0 | 1 } => {
    const from = endpointKey(s.source, s.srcport);
    const to = endpointKey(s.destination, s.dstport);
    const key = from < to ? `${from}>${to}` : `${to}>${from}`;
    let flow = flows.get(key);
    if (!flow) {
      const conversation: Conversation = {
        id: conversations.length + 1,
        a: { address: s.source, port: s.srcport },
        b: { address: s.destination, port: s.dstport },
        firstFrame: frame,
        lastFrame: frame,
        tpdus: [],
        events: [],
      };
      conversations.push(conversation);
      const direction = (): Direction => ({ tracked: false, history: [], historyBytes: 0 });
      flow = { conversation, directions: [direction(), direction()], timelineDropped: 0 };
      flows.set(key, flow);
    }
    flow.conversation.lastFrame = frame;
    const a = flow.conversation.a;
    return { flow, dir: a.address === s.source && a.port === s.srcport ? 0 : 1 };
  };

  const remember = (d: Direction, seq: number, frame: number, bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    d.history.push({ seq, frame, bytes: bytes.slice() });
    d.historyBytes += bytes.length;
    while (d.historyBytes - d.history[0]!.bytes.length >= caps.history)
      d.historyBytes -= d.history.shift()!.bytes.length;
  };

  /** Compares old bytes with what this direction carried: same, different, or never seen (older than the history). */
  const compareOld = (d: Direction, seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number } => {
    let covered = 0;
    let first: number | undefined;
    for (const h of d.history) {
      const lo = Math.max(0, (seq - h.seq) | 0);
      const from = Math.max(0, (h.seq - seq) | 0);
      if (from >= bytes.length || lo >= h.bytes.length) continue;
      const n = Math.min(h.bytes.length - lo, bytes.length - from);
      for (let i = 0; i < n; i++) if (h.bytes[lo + i] !== bytes[from + i]) return { role: 'conflict', frame: h.frame };
      first ??= h.frame;
      covered += n;
    }
    if (covered < bytes.length) return { role: 'out-of-order' };
    return { role: 'retransmission', ...(first !== undefined ? { frame: first } : {}) };
  };

  const dropPending = (flow: Flow, d: Direction, why: string) => {
    const pending = d.pending;
    d.pending = undefined;
    if (!pending) return;
    for (const part of pending.parts) {
      part.piece.lost = why;
      markChanged(part.frame);
    }
  };

  /**
   * The capture has ended inside a TPKT: what of it was captured is decoded in the frame holding the last of it —
   * unless stray bytes came before, when the "TPKT" may be no TPKT at all (a TLS record's bytes starting with 3).
   */
  const endPending = (flow: Flow, d: Direction) => {
    const pending = d.pending;
    // Only a TPKT is decoded from its captured part; a TLS record or fast-path PDU cut short says so and no more.
    if (d.strayed || (pending && pending.kind !== 'tpkt'))
      return dropPending(flow, d, 'the capture ends before the rest of it');
    d.pending = undefined;
    if (!pending) return;
    const { ranges, pdu } = joined(pending.parts);
    const last = pending.parts[pending.parts.length - 1]!;
    for (const part of pending.parts) {
      part.piece.unfinished =
        part === last ? { frame: last.frame, ranges, ...(use.keepBytes ? { pdu } : {}) } : { frame: last.frame };
      markChanged(part.frame);
    }
  };

  /**
   * A whole TPKT: its TPDUs join the conversation's list, its DT user data the direction's TSDU, an RDP negotiation
   * in it says what the conversation carries from here on. `at`: where it lies in this frame when it came whole, so
   * that without a timeline the frame's own dissection serves.
   */
  const onPdu = (
    flow: Flow,
    dir: 0 | 1,
    d: Direction,
    frame: Frame,
    s: TcpSegment,
    time: number | undefined,
    bytes: Uint8Array,
    ranges: readonly SourceRange[],
    at?: number,
  ) => {
    const own = !use.timeline && at !== undefined ? ownTpktLayers(frame, at, bytes.length) : undefined;
    if (own) {
      for (const layer of own.filter(isCotp)) dtOf(flow, dir, d, frame.number, time, layer, -at!, bytes, ranges);
      flow.carriage = negotiatedCarriage(own) ?? flow.carriage;
      return;
    }
    const keys = s.srcport <= s.dstport ? [s.srcport, s.dstport] : [s.dstport, s.srcport];
    const pdu = dissectPdu(
      bytes,
      { table: 'tcp.port', keys },
      { frameNumber: frame.number, linkType: frame.linkType, options, tcp: { srcport: s.srcport, dstport: s.dstport } },
    );
    const cotps = pdu.layers.filter(isCotp);
    if (use.timeline) listTpdus(flow, dir, frame.number, time, pdu, cotps, ranges);
    for (const layer of cotps) dtOf(flow, dir, d, frame.number, time, layer, 0, bytes, ranges);
    flow.carriage = negotiatedCarriage(pdu.layers) ?? flow.carriage;
  };

  /** The conversation's TPDU list: one entry per TPDU of a whole TPKT (or one for a TPKT holding none). */
  const listTpdus = (
    flow: Flow,
    dir: 0 | 1,
    frame: number,
    time: number | undefined,
    pdu: ReturnType<typeof dissectPdu>,
    cotps: readonly Layer[],
    ranges: readonly SourceRange[],
  ) => {
    const segments = new Set(ranges.map((r) => r.frame)).size;
    const add = (entry: TpduEntry) => {
      if (flow.conversation.tpdus.length < caps.timeline) flow.conversation.tpdus.push(entry);
      else {
        flow.timelineDropped++;
        flow.conversation.capNote = `Only the first ${caps.timeline.toLocaleString('en')} TPDUs of this conversation are listed (a cap on memory); ${flow.timelineDropped.toLocaleString('en')} more were decoded but not listed`;
      }
    };
    const base = {
      frame,
      direction: dir,
      ...(time !== undefined ? { time } : {}),
      ...(segments > 1 ? { segments } : {}),
    };
    if (cotps.length === 0) {
      const severity = worstOf(pdu.problems);
      add({
        ...base,
        type: 'TPKT',
        info: pdu.info,
        problems: pdu.problems.length,
        ...(severity ? { severity } : {}),
      });
      return;
    }
    cotps.forEach((layer, i) => {
      const inLayer = pdu.problems.filter(
        (p) =>
          p.offset !== undefined && p.offset >= layer.offset && p.offset < layer.offset + Math.max(layer.length, 1),
      );
      const own =
        i === 0
          ? [...pdu.problems.filter((p) => p.offset === undefined || p.offset < layer.offset), ...inLayer]
          : inLayer;
      const type = numberOf(layer.fields, 'cotp.type');
      const eot = numberOf(layer.fields, 'cotp.eot') ?? numberOf(layer.fields, 'cotp.eot.ext');
      const name = tpduName(type);
      const info = cotps.length === 1 ? pdu.info : layer.summary.replace(/^.*, /, '');
      const severity = worstOf(own);
      add({
        ...base,
        type: name,
        info,
        problems: own.length,
        ...(severity ? { severity } : {}),
        ...(name === 'DT' && eot !== undefined ? { eot: eot === 1 } : {}),
      });
    });
  };

  /** A COTP layer of a whole TPKT: a DT's user data goes to the TSDU. `shift` turns the layer's offsets into the TPKT's. */
  const dtOf = (
    flow: Flow,
    dir: 0 | 1,
    d: Direction,
    frame: number,
    time: number | undefined,
    layer: Layer,
    shift: number,
    pdu: Uint8Array,
    ranges: readonly SourceRange[],
  ) => {
    if (tpduName(numberOf(layer.fields, 'cotp.type')) !== 'DT') return;
    const eot = numberOf(layer.fields, 'cotp.eot') ?? numberOf(layer.fields, 'cotp.eot.ext');
    if (eot !== undefined) onDt(flow, dir, d, frame, time, layer, shift, eot === 1, pdu, ranges);
  };

  const onDt = (
    flow: Flow,
    dir: 0 | 1,
    d: Direction,
    frame: number,
    time: number | undefined,
    layer: Layer,
    shift: number,
    eot: boolean,
    pdu: Uint8Array,
    ranges: readonly SourceRange[],
  ) => {
    const data = layer.fields.find((f) => f.id === 'cotp.user_data');
    const start = (data?.offset ?? layer.offset + layer.length) + shift;
    const length = data?.length ?? 0;
    if (!eot && !d.tsdu && !d.tsduCapped) {
      d.tsdu = { ranges: [], chunks: [], length: 0, tpdus: 0, holders: [] };
      open.add(d);
    }
    const tsdu = d.tsdu;
    if (!tsdu) {
      if (eot) d.tsduCapped = false;
      return;
    }
    if (tsdu.length + length > caps.tsdu) {
      note(flow, frame, dir, time, {
        severity: 'note',
        code: 'cap-reached',
        message: `The COTP TSDU begun in frame ${tsdu.holders[0]?.frame ?? frame} is longer than ${caps.tsdu.toLocaleString('en')} bytes (a cap on memory per conversation): it is not reassembled; its DT TPDUs are shown one by one`,
      });
      d.tsdu = undefined;
      d.tsduCapped = !eot;
      return;
    }
    const mapped = mapRanges(ranges, start, length, tsdu.length);
    tsdu.ranges.push(...mapped);
    if (use.keepBytes) tsdu.chunks.push(pdu.subarray(start, start + length));
    for (const r of mapped) tsdu.holders.push({ frame: r.frame, offset: r.offset, length: r.length });
    tsdu.length += length;
    tsdu.tpdus++;
    if (!eot) return;
    d.tsdu = undefined;
    if (tsdu.tpdus < 2) return;
    factsOf(frame).tsdu = {
      ranges: tsdu.ranges,
      tpdus: tsdu.tpdus,
      length: tsdu.length,
      ...(use.keepBytes ? { bytes: concatBytes(tsdu.chunks, tsdu.length) } : {}),
    };
    for (const h of tsdu.holders) {
      if (h.frame === frame) continue;
      factsOf(h.frame).reassembledIn.push({ kind: 'tsdu', offset: h.offset, length: h.length, frame });
      markChanged(h.frame);
    }
  };

  /** In-order bytes [offset, end) of a tracked direction's segment, PDU by PDU as the conversation's carriage frames them. */
  const consume = (
    flow: Flow,
    dir: 0 | 1,
    d: Direction,
    frame: Frame,
    s: TcpSegment,
    bytes: Uint8Array,
    time: number | undefined,
    offset: number,
    end: number,
    pieces: FactPiece[],
  ) => {
    const decode = (from: number, to: number, as?: StreamPdu) => {
      const last = pieces[pieces.length - 1];
      if (last?.kind === 'decode' && last.end === from && last.as === as)
        pieces[pieces.length - 1] = { ...last, end: to };
      else pieces.push({ kind: 'decode', offset: from, end: to, ...(as ? { as } : {}) });
    };
    /** Bytes the framing cannot place: in a TLS conversation still TLS's to judge, else the frame's own order. */
    const unplaced = (from: number) => decode(from, end, flow.carriage === 'tls' ? 'tls' : undefined);
    const whole = (kind: StreamPdu, pdu: Uint8Array, ranges: SourceRange[], at?: number) => {
      if (kind === 'tpkt') onPdu(flow, dir, d, frame, s, time, pdu, ranges, at);
    };
    let pos = offset;
    while (pos < end) {
      const pending = d.pending;
      if (pending) {
        if (pending.need === undefined) {
          const header = concatBytes(
            [...pending.parts.map((p) => p.bytes), bytes.subarray(pos, Math.min(end, pos + MAX_HEADER - pending.have))],
            Math.min(MAX_HEADER, pending.have + end - pos),
          );
          const length = pduLength(pending.kind, header);
          if (typeof length === 'string') {
            dropPending(flow, d, length);
            unplaced(pos);
            return;
          }
          if (length !== undefined) pending.need = length;
        }
        const take = pending.need === undefined ? end - pos : Math.min(pending.need - pending.have, end - pos);
        const done = pending.need !== undefined && pending.have + take === pending.need;
        const piece: Extract<FactPiece, { kind: 'segment' }> = {
          kind: 'segment',
          offset: pos,
          end: pos + take,
          role: done ? 'completes' : 'part',
          of: pending.kind,
          frame: pending.parts[0]!.frame,
        };
        pending.parts.push({ frame: frame.number, offset: pos, bytes: bytes.subarray(pos, pos + take), piece });
        pending.have += take;
        pos += take;
        if (!done) {
          pieces.push(piece);
          continue;
        }
        d.pending = undefined;
        const { ranges, pdu } = joined(pending.parts);
        pieces.push({ ...piece, ranges, ...(use.keepBytes ? { pdu } : {}) });
        for (const p of pending.parts) {
          if (p.frame === frame.number) continue;
          p.piece.completedIn = frame.number;
          factsOf(p.frame).reassembledIn.push({
            kind: pending.kind,
            offset: p.offset,
            length: p.bytes.length,
            frame: frame.number,
          });
          markChanged(p.frame);
        }
        whole(pending.kind, pdu, ranges);
        continue;
      }
      // At a PDU boundary.
      const kind = pduAt(flow.carriage ?? 'tpkt', bytes, pos, end);
      if (!kind) {
        unplaced(pos); // no PDU the conversation carries starts here: left to the frame's own dissection
        d.strayed = true;
        return;
      }
      const length = pduLength(kind, bytes.subarray(pos, Math.min(end, pos + MAX_HEADER)));
      if (typeof length === 'string') {
        unplaced(pos); // the frame's own dissection says what is wrong with the header
        return;
      }
      if (length !== undefined && pos + length <= end) {
        // TPKTs go the frame's own way (their port or heuristic); other PDUs are only known by the conversation.
        decode(pos, pos + length, kind === 'tpkt' ? undefined : kind);
        whole(
          kind,
          bytes.subarray(pos, pos + length),
          [{ frame: frame.number, offset: pos, length, sourceOffset: 0 }],
          pos,
        );
        pos += length;
        continue;
      }
      const piece: Extract<FactPiece, { kind: 'segment' }> = {
        kind: 'segment',
        offset: pos,
        end,
        role: 'part',
        of: kind,
        frame: frame.number,
      };
      open.add(d);
      d.pending = {
        kind,
        have: end - pos,
        parts: [{ frame: frame.number, offset: pos, bytes: bytes.subarray(pos, end), piece }],
        ...(length !== undefined ? { need: length } : {}),
      };
      pieces.push(piece);
      pos = end;
    }
  };

  return {
    push(frame, bytes, time) {
      const s = tcpSegmentOf(frame);
      if (!s) return;
      const { flow, dir } = flowOf(s, frame.number);
      const d = flow.directions[dir];
      const at = (code: 'syn' | 'fin' | 'rst', message: string) =>
        event(flow, { frame: frame.number, direction: dir, code, message, ...(time !== undefined ? { time } : {}) });
      if (s.syn) {
        d.next = (s.seq + 1) >>> 0;
        at('syn', 'SYN: connection opened');
      }
      if (s.rst) at('rst', 'RST: connection reset');
      if (s.fin) at('fin', 'FIN: no more data from this side');
      if (s.length === 0) return;
      const seq = s.syn ? (s.seq + 1) >>> 0 : s.seq;
      if (s.length === 1 && d.next !== undefined && (seq + 1) >>> 0 === d.next) {
        // A keep-alive probe (RFC 1122 §4.2.3.6): the octet just before the next expected one, sent again to see
        // whether the peer still answers. Normal traffic: nothing to decode, nothing to flag.
        const f = factsOf(frame.number);
        facts.set(frame.number, {
          ...f,
          pieces: [{ kind: 'segment', offset: s.offset, end: s.offset + 1, role: 'keep-alive' }],
        });
        return;
      }
      // TPKT one way means TPKT both ways (an H.323 reply may start with a TPKT header alone, which no heuristic takes);
      // a TLS record at the start of a payload is followed too (an RDP conversation whose beginning was not captured).
      d.tracked ||= s.tpktAtStart || s.tlsAtStart || flow.directions[dir === 0 ? 1 : 0].tracked;
      if (!d.tracked) {
        d.next = (seq + s.length) >>> 0;
        return;
      }
      flow.carriage ??= s.tlsAtStart ? 'tls' : carriageByPort(s.srcport, s.dstport);
      const pieces: FactPiece[] = [];
      const payload = bytes.subarray(s.offset, s.offset + s.length);
      d.next ??= seq;
      let delta = (seq - d.next) | 0;
      if (delta > 0) {
        note(flow, frame.number, dir, time, {
          severity: 'warning',
          code: 'segment-missing',
          message: `${delta} bytes of this direction were not captured before this segment (tshark: "previous segment not captured")${d.pending ? `; the ${SOURCE_KIND_NAMES[d.pending.kind].name} begun in frame ${d.pending.parts[0]!.frame} cannot be completed` : ''}`,
        });
        dropPending(flow, d, `${delta} bytes of the stream are missing (not captured) before frame ${frame.number}`);
        d.tsdu = undefined;
        d.history.length = 0;
        d.historyBytes = 0;
        d.next = seq;
        delta = 0;
      }
      let from = 0;
      if (delta < 0) {
        const old = Math.min(-delta, s.length);
        const verdict = compareOld(d, seq, payload.subarray(0, old));
        pieces.push({
          kind: 'segment',
          offset: s.offset,
          end: s.offset + old,
          role: verdict.role,
          ...(verdict.frame !== undefined ? { frame: verdict.frame } : {}),
        });
        const first = verdict.frame !== undefined ? ` (first sent in frame ${verdict.frame})` : '';
        const message =
          verdict.role === 'retransmission'
            ? `Retransmission: ${old} bytes this direction already carried${first}, the same again; not decoded twice`
            : verdict.role === 'conflict'
              ? `Overlap with different bytes: ${old} bytes already carried${first} arrive again with other values; which copy the receiver kept is unknown, so neither is merged`
              : `${old} bytes older than those already followed and not seen before (out of order, or after a gap): not reassembled`;
        const code =
          verdict.role === 'conflict'
            ? 'overlap-conflict'
            : verdict.role === 'out-of-order'
              ? 'out-of-order'
              : 'retransmission';
        note(flow, frame.number, dir, time, {
          severity: verdict.role === 'conflict' ? 'error' : verdict.role === 'out-of-order' ? 'warning' : 'note',
          code,
          message,
        });
        from = old;
      }
      if (from < s.length) {
        remember(d, (seq + from) >>> 0, frame.number, payload.subarray(from));
        consume(flow, dir, d, frame, s, bytes, time, s.offset + from, s.offset + s.length, pieces);
        d.next = (seq + s.length) >>> 0;
      }
      // Facts only where the frame's own dissection would say otherwise: segments, or PDUs only the conversation knows.
      if (pieces.some((p) => p.kind === 'segment' || p.as !== undefined)) {
        const f = factsOf(frame.number);
        facts.set(frame.number, { ...f, pieces });
      }
    },
    finish() {
      for (const flow of flows.values()) for (const d of flow.directions) endPending(flow, d);
    },
    facts: (frame) => facts.get(frame),
    conversations: () => conversations,
    takeChanged() {
      const out = [...changed];
      changed = new Set();
      return out;
    },
    settledBefore() {
      let before = Infinity;
      for (const d of open) {
        const first = Math.min(d.pending?.parts[0]?.frame ?? Infinity, d.tsdu?.holders[0]?.frame ?? Infinity);
        if (first === Infinity && !d.pending && !d.tsdu) open.delete(d);
        else before = Math.min(before, first);
      }
      return before;
    },
    forget(frame) {
      facts.delete(frame);
      changed.delete(frame);
      forgotten = Math.max(forgotten, frame);
    },
  };
}
