// Wireshark's time display formats for the Time column. The expected strings are tshark 4.0's for the first frames of
// ndpi_s7comm.pcap (`TZ=America/New_York tshark -r ndpi_s7comm.pcap -t FORMAT -T fields -e _ws.col.Time`).
import { describe, expect, it } from 'vitest';
import { formatTime, localOffset, relativeTime, TIME_FORMATS, timeDifference, type TimeFormat } from './capture-time';

const frame1 = { seconds: 1_408_528_803, nanos: 880_679_000 };
const frame2 = { seconds: 1_408_528_803, nanos: 884_414_000 };
const frame3 = { seconds: 1_408_528_803, nanos: 884_562_000 };
/** New York in August 2014: UTC−4 (daylight saving time). */
const newYork = () => -4 * 3600;

describe('the Time column in each of Wireshark’s formats', () => {
  const cases: [TimeFormat, string, string][] = [
    ['relative', '0.003735', '0.003883'],
    ['delta', '0.003735', '0.000148'],
    ['epoch', '1408528803.884414', '1408528803.884562'],
    ['date-time', '2014-08-20 06:00:03.884414', '2014-08-20 06:00:03.884562'],
    ['time-of-day', '06:00:03.884414', '06:00:03.884562'],
    ['utc-date-time', '2014-08-20 10:00:03.884414', '2014-08-20 10:00:03.884562'],
    ['utc-time-of-day', '10:00:03.884414', '10:00:03.884562'],
  ];
  for (const [format, second, third] of cases) {
    it(`${format}: as tshark -t ${TIME_FORMATS.find((f) => f.id === format)!.tshark}`, () => {
      expect(formatTime(format, frame2, 6, { start: frame1, previous: frame1, offset: newYork })).toBe(second);
      expect(formatTime(format, frame3, 6, { start: frame1, previous: frame2, offset: newYork })).toBe(third);
    });
  }

  it('since the previous displayed frame: the gap to the frame shown before, 0 for the first one', () => {
    // tshark -t dd -Y 'frame.number != 2': frame 3 follows frame 1.
    expect(formatTime('delta-displayed', frame3, 6, { previous: frame1 })).toBe('0.003883');
    expect(formatTime('delta-displayed', frame1, 6, {})).toBe('0.000000');
    expect(formatTime('delta', frame1, 6, {})).toBe('0.000000');
    expect(formatTime('relative', frame1, 6, { start: frame1 })).toBe('0.000000');
  });

  it('a frame earlier than the one before it has a negative delta', () => {
    expect(formatTime('delta', frame1, 6, { previous: frame3 })).toBe('-0.003883');
    expect(relativeTime({ seconds: 10, nanos: 0 }, { seconds: 11, nanos: 0 }, 3)).toBe('-1.000');
    expect(relativeTime({ seconds: 10, nanos: 250_000_000 }, { seconds: 11, nanos: 0 }, 3)).toBe('-0.750');
  });

  it('writes as many fraction digits as the capture’s resolution: 9 for nanoseconds, none for seconds', () => {
    const ns = { seconds: 1_408_528_803, nanos: 1 };
    expect(formatTime('utc-time-of-day', ns, 9, {})).toBe('10:00:03.000000001');
    expect(formatTime('epoch', ns, 0, {})).toBe('1408528803');
  });

  it('local time follows the zone’s offset at that moment (daylight saving time)', () => {
    const berlin = (seconds: number) => (seconds < 1_414_285_200 ? 2 * 3600 : 3600); // CEST until 26 Oct 2014 01:00 UTC
    const summer = { seconds: 1_414_285_199, nanos: 0 };
    const winter = { seconds: 1_414_285_200, nanos: 0 };
    expect(formatTime('date-time', summer, 0, { offset: berlin })).toBe('2014-10-26 02:59:59');
    expect(formatTime('date-time', winter, 0, { offset: berlin })).toBe('2014-10-26 02:00:00');
  });

  it('uses the machine’s time zone unless told', () => {
    const date = new Date(frame1.seconds * 1000);
    const expected = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:03.880679`;
    expect(formatTime('time-of-day', frame1, 6, {})).toBe(expected);
    expect(localOffset(frame1.seconds)).toBe(-date.getTimezoneOffset() * 60);
  });

  it('a date no calendar holds is written as seconds', () => {
    expect(formatTime('utc-date-time', { seconds: 1e15, nanos: 5_000 }, 6, {})).toBe('1000000000000000.000005 s');
  });
});

describe('timeDifference', () => {
  it('keeps the nanoseconds in [0, 1e9), so pairs sort as numbers do', () => {
    expect(timeDifference(frame2, frame1)).toEqual({ seconds: 0, nanos: 3_735_000 });
    expect(timeDifference(frame1, frame2)).toEqual({ seconds: -1, nanos: 996_265_000 });
    expect(timeDifference({ seconds: 5, nanos: 0 }, { seconds: 3, nanos: 1 })).toEqual({
      seconds: 1,
      nanos: 999_999_999,
    });
  });
});
