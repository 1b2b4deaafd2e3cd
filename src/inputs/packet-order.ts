// The packet list's order when a column is sorted, as Wireshark sorts it (ui/qt/models/packet_list_model.cpp,
// recordLessThan; epan/frame_data.c, frame_data_compare): No. and Length as numbers, Time by the value the column
// shows (the timestamp, or the delta for the two "since previous" formats), Protocol and Info as text, ties broken by
// frame number; descending reverses the whole comparison, ties included. Source and Destination go further than
// Wireshark, which compares their text ("10.0.0.10" before "10.0.0.2"): IPv4 and IPv6 addresses by their value.
import { parseIpv4, parseIpv6 } from '../dissect/filter';
import { hexByte, hexDigits } from '../dissect/format';
import { timeDifference, type TimeFormat, type Timestamp } from './capture-time';

export const PACKET_COLUMNS = ['number', 'time', 'source', 'destination', 'protocol', 'length', 'info'] as const;
export type PacketColumn = (typeof PACKET_COLUMNS)[number];
/** The columns whose sort key is the dissected frame's text (the others come from the capture record). */
export type TextColumn = 'source' | 'destination' | 'protocol' | 'info';
export const isTextColumn = (column: PacketColumn): column is TextColumn =>
  column === 'source' || column === 'destination' || column === 'protocol' || column === 'info';

export type SortDirection = 'ascending' | 'descending';

export interface PacketSort {
  readonly column: PacketColumn;
  readonly direction: SortDirection;
}

/**
 * A sort key for an address column whose plain text order is the address order: IPv4 ("4" and 8 hex digits) before
 * IPv6 ("6" and 32), before any other text (MAC addresses, whose fixed-width lowercase hex already sorts by value);
 * an empty address first.
 */
export function addressKey(text: string): string {
  if (text === '') return '';
  if (!text.includes('/')) {
    const v4 = parseIpv4(text);
    if (v4) return `4${hexDigits(v4.value, 8)}`;
    const v6 = text.includes(':') ? parseIpv6(text) : undefined;
    if (v6) return `6${v6.bytes.map(hexByte).join('')}`;
  }
  return `t${text}`;
}

/** The sort key of a text column's cell. */
export const textKey = (column: TextColumn, text: string): string =>
  column === 'source' || column === 'destination' ? addressKey(text) : text;

/** What the order needs to know about a frame from its capture record (no dissection). */
export interface FrameFacts {
  readonly time?: Timestamp;
  readonly originalLength: number;
}

export interface OrderInput {
  /** The frames the list shows, in capture order (ascending numbers). */
  readonly displayed: Uint32Array;
  readonly sort: PacketSort;
  /** The Time column's format: the deltas sort by the delta. */
  readonly timeFormat: TimeFormat;
  readonly facts: (number: number) => FrameFacts | undefined;
  /** A text column's sort key for a displayed frame (`textKey` of its cell). */
  readonly text: (number: number) => string;
}

/** Frames without a timestamp sort first, as the smallest time. */
const NO_TIME = { seconds: -Infinity, nanos: 0 };

/** The Time column's value for each displayed frame, as `format` shows it. */
function timeKeys(input: OrderInput): Timestamp[] {
  const { displayed, facts, timeFormat } = input;
  const keys: Timestamp[] = [];
  let previousDisplayed: Timestamp | undefined;
  for (const number of displayed) {
    const time = facts(number)?.time;
    let key: Timestamp = time ?? NO_TIME;
    if (time && timeFormat === 'delta') key = timeDifference(time, facts(number - 1)?.time ?? time);
    if (time && timeFormat === 'delta-displayed') key = timeDifference(time, previousDisplayed ?? time);
    if (time) previousDisplayed = time;
    keys.push(key);
  }
  return keys;
}

/** -1, 0 or 1 for two keys of one kind. */
type Compare = (a: number, b: number) => number;

function comparison(input: OrderInput): Compare {
  const { displayed, sort, facts, text } = input;
  switch (sort.column) {
    case 'number':
      return () => 0;
    case 'length': {
      const lengths = Float64Array.from(displayed, (n) => facts(n)?.originalLength ?? 0);
      return (a, b) => lengths[a]! - lengths[b]!;
    }
    case 'time': {
      const keys = timeKeys(input);
      return (a, b) => {
        const x = keys[a]!;
        const y = keys[b]!;
        return x.seconds !== y.seconds ? (x.seconds < y.seconds ? -1 : 1) : x.nanos - y.nanos;
      };
    }
    default: {
      const keys = Array.from(displayed, text);
      return (a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
    }
  }
}

/**
 * The displayed frames in the sorted column's order. Comparisons run over positions in `displayed`, which is in
 * capture order, so a tie falls back to the frame number by comparing positions.
 */
export function packetOrder(input: OrderInput): Uint32Array {
  const { displayed, sort } = input;
  const compare = comparison(input);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const positions = Uint32Array.from({ length: displayed.length }, (_, i) => i);
  positions.sort((a, b) => sign * (compare(a, b) || a - b));
  return positions.map((i) => displayed[i]!);
}
