// The stream tracker's state, and the context its parts work in: one TCP segment of one direction of a conversation
// (`Step`). Each part (flow.ts, pdus.ts, tpkt.ts, tsdu.ts, timeline.ts, notes.ts) is a handful of functions of a Step.
import type { DissectOptions } from '../dissector';
import type { FrameRecord } from '../sink';
import type { Direction, Flow, FlowTable, FrameBytes } from './flow';
import type { FactPiece, FrameFacts } from './model';
import type { TcpSegment } from './segment';

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
  /** List each conversation's TPDUs (the conversation view). */
  readonly timeline: boolean;
  /**
   * Keep each reassembled TPKT's and TSDU's bytes in the facts of the frame where it completes (see `forget`): the
   * caller lets its frames' bytes go. Off: the caller keeps every frame's bytes (the app).
   */
  readonly keepBytes: boolean;
  /**
   * A frame's bytes read again (the app, which can): each direction keeps where its recent bytes lie and reads them
   * back to compare an overlap (flow.ts `FrameHistory`). Absent: it keeps a copy of them (`BufferHistory`).
   */
  readonly frameBytes?: FrameBytes;
}

export const APP_USE: TrackerUse = { timeline: true, keepBytes: false };

/** What is known about frames so far: facts by frame, the frames whose facts changed, and those forgotten. */
export interface FactsBook {
  readonly byFrame: Map<number, FrameFacts>;
  changed: Set<number>;
  /** Frames up to this one were forgotten (written by a streaming caller): what is learnt of them later is dropped. */
  forgotten: number;
}

export interface TrackerState {
  readonly options: DissectOptions;
  readonly caps: StreamCaps;
  readonly use: TrackerUse;
  readonly flows: FlowTable;
  readonly book: FactsBook;
  /** Directions that may hold an open PDU or TSDU (pruned lazily by settledBefore). */
  readonly open: Set<Direction>;
  /** The pieces of the segment being followed (one list for every segment, copied into the facts that keep them). */
  readonly pieces: FactPiece[];
}

/** One TCP segment being followed: the frame it came in, and the conversation and direction it belongs to. */
export interface Step {
  readonly state: TrackerState;
  /** The frame's own dissection (reassembly off), lean: the values of STREAM_IDS. */
  readonly record: FrameRecord;
  readonly segment: TcpSegment;
  /** Seconds since the first frame. */
  readonly time: number | undefined;
  readonly flow: Flow;
  readonly dir: 0 | 1;
  readonly direction: Direction;
}
