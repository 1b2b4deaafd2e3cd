// The messages between the page and the capture worker: plain data only (structured clone), so the worker can be
// replaced by an in-process stand-in in tests (STYLE.md §9, "parsing in a worker that returns plain data").
import type { DissectOptions } from '../dissect/dissector';
import type { Frame } from '../dissect/model';
import type { OffloadHost } from '../dissect/offload';
import type { FilterError, FindDirection, FindQuery } from '../dissect/filter';
import type { CaptureSummary } from '../inputs/capture-model';
import type { PacketRow } from '../inputs/capture-frames';
import type { TimeFormat, Timestamp } from '../inputs/capture-time';
import type { PacketSort } from '../inputs/packet-order';
import type { Conversation } from '../dissect/stream';
import type { ExpertSummary } from '../dissect/expert';
import type { ConversationRow } from '../dissect/stream/conversation-stats';
import type { FollowStream } from '../dissect/stream/follow';

/** Each opened file is a session; messages about an older session are ignored by both sides. */
export type ToWorker =
  | { readonly type: 'open'; readonly session: number; readonly file: Blob; readonly options?: DissectOptions }
  | { readonly type: 'cancel'; readonly session: number }
  | { readonly type: 'rows'; readonly session: number; readonly numbers: readonly number[] }
  | { readonly type: 'frame'; readonly session: number; readonly number: number }
  | { readonly type: 'filter'; readonly session: number; readonly filter: number; readonly text: string }
  /**
   * Find Packet: the first frame after (or before) frame `from` that `query` finds and the list displays (it passes
   * `displayed`, the applied display filter; '' for every frame), wrapping once. A newer find replaces this one.
   */
  | {
      readonly type: 'find';
      readonly session: number;
      readonly request: number;
      readonly query: FindQuery;
      readonly displayed: string;
      readonly from: number;
      readonly direction: FindDirection;
    }
  /** The find bar was closed: the search running stops. */
  | { readonly type: 'stopFind'; readonly session: number }
  | { readonly type: 'options'; readonly session: number; readonly options: DissectOptions }
  | { readonly type: 'close'; readonly session: number }
  /**
   * The packet list's order: the displayed frames (every frame, or filter run `filter`'s matches) sorted by `sort`,
   * once the file is read and the filter has checked every frame; no `sort`: stop sorting (capture order).
   */
  | {
      readonly type: 'sort';
      readonly session: number;
      readonly run: number;
      readonly sort?: PacketSort;
      readonly timeFormat: TimeFormat;
      readonly filter?: number;
    }
  /**
   * The TCP conversations followed so far, each with its TPDUs in both directions (reassembly). The TPDUs of the one
   * `shown` (its id; `shownOf` picks it) have their Info and problems; the others' TPDUs only their type, frame,
   * direction and time until they are shown (describing every TPDU of a large file takes seconds).
   */
  | { readonly type: 'conversations'; readonly session: number; readonly shown?: number }
  /** Follow TCP Stream: the conversation of frame `frame`, or the one whose tcp.stream is `stream`. */
  | {
      readonly type: 'follow';
      readonly session: number;
      readonly request: number;
      readonly frame?: number;
      readonly stream?: number;
    }
  /** Expert information: tally every frame's problems (once asked, kept up to date as frames arrive). */
  | { readonly type: 'expert'; readonly session: number }
  /** Write these frames (all when `numbers` is absent) as a capture file, with their capture timestamps. */
  | {
      readonly type: 'export';
      readonly session: number;
      readonly request: number;
      readonly format: 'pcap' | 'pcapng';
      readonly numbers?: Uint32Array;
    };

export type FromWorker =
  /** The worker itself died (out of memory, a crash): sent by the page's side of the worker, for the current session. */
  | { readonly type: 'failed'; readonly session: number; readonly reason: string }
  | {
      readonly type: 'progress';
      readonly session: number;
      /** Bytes of the file read so far (as stored: compressed for a .gz) and its size. */
      readonly bytesRead: number;
      readonly totalBytes: number;
      readonly summary: CaptureSummary;
      readonly firstTime?: Timestamp;
      /** Hosts whose frames carry checksums left to their NIC, over the frames read so far (most frames first). */
      readonly offload: readonly OffloadHost[];
      /** Reading has ended: the whole file, damage it cannot read past, or a cancel. */
      readonly done: boolean;
      readonly cancelled: boolean;
    }
  | { readonly type: 'rows'; readonly session: number; readonly rows: readonly PacketRow[] }
  /**
   * Sort run `run`: `keyed` of the `total` displayed frames have their sort key so far; `order`, once sorted, the
   * displayed frame numbers in the list's order.
   */
  | {
      readonly type: 'order';
      readonly session: number;
      readonly run: number;
      readonly keyed: number;
      readonly total: number;
      readonly order?: Uint32Array;
      /** Frames whose bytes could not be read back (sorted by what the index knows), and why: see `unreadable`. */
      readonly unreadable?: string;
    }
  /** Every conversation followed so far; `done` when the whole file has been. */
  | {
      readonly type: 'conversations';
      readonly session: number;
      readonly conversations: readonly Conversation[];
      /** Their statistics (frames and bytes each way, start, duration, TPDUs), in the same order. */
      readonly rows: readonly ConversationRow[];
      readonly done: boolean;
    }
  /** A followed stream (its chunks' bytes copied out of the file), or why there is none. */
  | {
      readonly type: 'follow';
      readonly session: number;
      readonly request: number;
      readonly stream?: FollowStream;
      readonly reason?: string;
    }
  /** The problems of the frames tallied so far, grouped; `done` when every frame of the whole file is. */
  | {
      readonly type: 'expert';
      readonly session: number;
      readonly summary: ExpertSummary;
      readonly done: boolean;
      /** Frames whose bytes could not be read back were not tallied: how many, and why. */
      readonly unreadable?: string;
    }
  | {
      readonly type: 'export';
      readonly session: number;
      readonly request: number;
      readonly frames: number;
      readonly result:
        { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };
    }
  /** A find's progress (`done` false, now and then), then its answer: the frame found, or none, or why it cannot run. */
  | {
      readonly type: 'find';
      readonly session: number;
      readonly request: number;
      /** Frames checked so far, of the `total` indexed when the search started. */
      readonly checked: number;
      readonly total: number;
      readonly done: boolean;
      readonly found?: number;
      /** The search went past the last frame (next) or the first (previous) to reach `found`. */
      readonly wrapped?: boolean;
      /** Byte searches: where the bytes found are in the frame, half-open. */
      readonly match?: { readonly start: number; readonly end: number };
      readonly error?: FilterError;
      /** Frames whose bytes could not be read back were not searched: how many, and why. */
      readonly unreadable?: string;
    }
  | {
      readonly type: 'frame';
      readonly session: number;
      readonly number: number;
      readonly frame: Frame;
      readonly bytes: Uint8Array;
    }
  /** Frame `number` cannot be shown: its bytes can no longer be read back from the file (changed, moved, deleted). */
  | { readonly type: 'frameUnreadable'; readonly session: number; readonly number: number; readonly reason: string }
  | {
      readonly type: 'filter';
      readonly session: number;
      readonly filter: number;
      readonly error?: FilterError;
      /** Frame numbers that match, found since the previous message for this filter, ascending. */
      readonly matches: Uint32Array;
      /** Frames checked so far. */
      readonly scanned: number;
      /** Every frame of the whole file is checked. */
      readonly done: boolean;
      /** Frames whose bytes could not be read back did not match (so far): how many, and why. */
      readonly unreadable?: string;
    };

/**
 * The conversation the page shows, by the rule both sides follow: the one with id `shown`, else the first that carried
 * TPDUs, else the first.
 */
export function shownOf(conversations: readonly Conversation[], shown: number | undefined): Conversation | undefined {
  return conversations.find((c) => c.id === shown) ?? conversations.find((c) => c.tpdus.length > 0) ?? conversations[0];
}
