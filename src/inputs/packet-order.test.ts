// Sorting the packet list as Wireshark does: numbers as numbers, the Time column by what it shows, text as text,
// addresses by value, ties by frame number, descending the exact reverse.
import { describe, expect, it } from 'vitest';
import { addressKey, packetOrder, textKey, type FrameFacts, type OrderInput, type PacketSort } from './packet-order';

/** Frames 1..5: lengths, times (seconds since 0) and Info text. */
const FRAMES: Record<number, FrameFacts & { info: string; source: string }> = {
  1: { originalLength: 60, time: { seconds: 10, nanos: 0 }, info: 'b', source: '10.0.0.10' },
  2: { originalLength: 1514, time: { seconds: 10, nanos: 500_000_000 }, info: 'a', source: '10.0.0.2' },
  3: { originalLength: 60, time: { seconds: 12, nanos: 0 }, info: 'B', source: 'fe80::1' },
  4: { originalLength: 9, time: { seconds: 12, nanos: 100 }, info: 'a', source: '00:1b:1b:00:00:01' },
  5: { originalLength: 100, time: { seconds: 11, nanos: 0 }, info: 'ab', source: '' },
};

function order(sort: PacketSort, extra: Partial<OrderInput> = {}): number[] {
  return [
    ...packetOrder({
      displayed: Uint32Array.of(1, 2, 3, 4, 5),
      sort,
      timeFormat: 'relative',
      facts: (n) => FRAMES[n],
      text: (n) =>
        textKey(sort.column === 'source' ? 'source' : 'info', FRAMES[n]![sort.column === 'source' ? 'source' : 'info']),
      ...extra,
    }),
  ];
}

describe('packetOrder', () => {
  it('No.: capture order, or its reverse', () => {
    expect(order({ column: 'number', direction: 'ascending' })).toEqual([1, 2, 3, 4, 5]);
    expect(order({ column: 'number', direction: 'descending' })).toEqual([5, 4, 3, 2, 1]);
  });

  it('Length: as numbers (9 before 60 before 100), equal lengths by frame number, descending reversed', () => {
    expect(order({ column: 'length', direction: 'ascending' })).toEqual([4, 1, 3, 5, 2]);
    expect(order({ column: 'length', direction: 'descending' })).toEqual([2, 5, 3, 1, 4]);
  });

  it('Time: by the timestamp, to the nanosecond (frame 5 was captured out of order)', () => {
    expect(order({ column: 'time', direction: 'ascending' })).toEqual([1, 2, 5, 3, 4]);
    const timeOfDay = { timeFormat: 'utc-time-of-day' as const };
    expect(order({ column: 'time', direction: 'descending' }, timeOfDay)).toEqual([4, 3, 5, 2, 1]);
  });

  it('Time since the previous captured frame: by the delta, negative first', () => {
    // Deltas: 1: 0, 2: 0.5, 3: 1.5, 4: 100 ns, 5: -1.0000001.
    expect(order({ column: 'time', direction: 'ascending' }, { timeFormat: 'delta' })).toEqual([5, 1, 4, 2, 3]);
  });

  it('Time since the previous displayed frame: by the delta within what the filter shows', () => {
    // Displayed 2, 3, 4: deltas 0 (the first shown), 1.5 s, 100 ns; since the previous captured: 0.5 s, 1.5 s, 100 ns.
    const shown = { timeFormat: 'delta-displayed' as const, displayed: Uint32Array.of(2, 3, 4) };
    expect(order({ column: 'time', direction: 'ascending' }, shown)).toEqual([2, 4, 3]);
    expect(order({ column: 'time', direction: 'ascending' }, { ...shown, timeFormat: 'delta' })).toEqual([4, 2, 3]);
  });

  it('frames without a timestamp sort as the earliest', () => {
    const facts = (n: number) => (n === 3 ? { originalLength: 60 } : FRAMES[n]);
    expect(order({ column: 'time', direction: 'ascending' }, { facts })).toEqual([3, 1, 2, 5, 4]);
  });

  it('Info: as text, case-sensitive as Wireshark’s QString::compare (upper case first), ties by number', () => {
    expect(order({ column: 'info', direction: 'ascending' })).toEqual([3, 2, 4, 5, 1]);
    expect(order({ column: 'info', direction: 'descending' })).toEqual([1, 5, 4, 2, 3]);
  });

  it('Source: IPv4 by value, then IPv6, then other addresses; no address first', () => {
    expect(order({ column: 'source', direction: 'ascending' })).toEqual([5, 2, 1, 3, 4]);
  });

  it('only the displayed frames, in their capture order as the tie-break', () => {
    expect(order({ column: 'length', direction: 'ascending' }, { displayed: Uint32Array.of(1, 3) })).toEqual([1, 3]);
    expect(order({ column: 'length', direction: 'descending' }, { displayed: Uint32Array.of(1, 3) })).toEqual([3, 1]);
    expect(order({ column: 'info', direction: 'ascending' }, { displayed: new Uint32Array(0) })).toEqual([]);
  });
});

describe('addressKey', () => {
  it('orders IPv4 by value, not text', () => {
    expect(addressKey('10.0.0.2') < addressKey('10.0.0.10')).toBe(true);
    expect(addressKey('9.255.255.255') < addressKey('10.0.0.0')).toBe(true);
    expect(addressKey('192.168.1.10')).toBe('4c0a8010a');
  });

  it('orders IPv6 by value, whatever the text compresses', () => {
    expect(addressKey('2001:db8::2') < addressKey('2001:db8::10')).toBe(true);
    expect(addressKey('::1') < addressKey('fe80::1')).toBe(true);
    expect(addressKey('2001:db8::1')).toBe(`6${'20010db8'}${'0'.repeat(22)}01`);
  });

  it('keeps other text as text, after the IP addresses', () => {
    expect(addressKey('00:1b:1b:00:00:01')).toBe('t00:1b:1b:00:00:01');
    expect(addressKey('10.0.0.1/8')).toBe('t10.0.0.1/8');
    expect(addressKey('')).toBe('');
    expect(addressKey('255.255.255.255') < addressKey('::')).toBe(true);
    expect(addressKey('ffff::') < addressKey('00:00:00:00:00:00')).toBe(true);
  });
});
