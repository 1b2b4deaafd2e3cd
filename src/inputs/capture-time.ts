// Capture timestamps, kept as whole seconds since 1970 plus nanoseconds: a double cannot hold nanoseconds since 1970
// exactly (2^53 ns is 104 days), and two captures ten years apart still subtract exactly this way.

export interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

/** [quotient, remainder] of (high × 2^32 + low) ÷ divisor, exact for divisor < 2^30 (16-bit long division). */
function divide64(high: number, low: number, divisor: number): [number, number] {
  const digits = [high >>> 16, high & 0xffff, low >>> 16, low & 0xffff];
  let quotient = 0;
  let remainder = 0;
  for (const digit of digits) {
    const current = remainder * 65536 + digit;
    const q = Math.floor(current / divisor);
    remainder = current - q * divisor;
    quotient = quotient * 65536 + q;
  }
  return [quotient, remainder];
}

/**
 * A pcapng timestamp: a 64-bit count of units of 10^-exponent s (decimal) or 2^-exponent s (binary), plus
 * if_tsoffset seconds (draft-ietf-opsawg-pcapng §4.2, §4.3).
 */
export function pcapngTimestamp(
  high: number,
  low: number,
  resolution: { base: 2 | 10; exponent: number },
  offsetSeconds: number,
): Timestamp {
  const { base, exponent } = resolution;
  if (base === 10 && exponent <= 9) {
    const [seconds, remainder] = divide64(high, low, 10 ** exponent);
    return { seconds: seconds + offsetSeconds, nanos: remainder * 10 ** (9 - exponent) };
  }
  // Finer than a nanosecond, or binary fractions: exact in BigInt, rounded down to the nanosecond.
  const units = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = base === 10 ? 10n ** BigInt(exponent) : 1n << BigInt(exponent);
  const seconds = units / perSecond;
  const nanos = ((units % perSecond) * 1_000_000_000n) / perSecond;
  return { seconds: Number(seconds) + offsetSeconds, nanos: Number(nanos) };
}

/** Fraction digits worth showing for a resolution: 6 for microseconds, 9 for nanoseconds, at most 9. */
export function resolutionDigits(resolution: { base: 2 | 10; exponent: number }): number {
  const digits = resolution.base === 10 ? resolution.exponent : Math.ceil(resolution.exponent * Math.log10(2));
  return Math.max(0, Math.min(9, digits));
}

function fraction(nanos: number, digits: number): string {
  if (digits === 0) return '';
  return `.${String(nanos).padStart(9, '0').slice(0, digits)}`;
}

/** `time` − `start`, with nanoseconds in [0, 1e9) whatever the sign of the seconds (a sortable pair). */
export function timeDifference(time: Timestamp, start: Timestamp): Timestamp {
  let seconds = time.seconds - start.seconds;
  let nanos = time.nanos - start.nanos;
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1_000_000_000;
  }
  return { seconds, nanos };
}

/** "0.000531", "-1.250000" — seconds from `start` to `time`, as tshark's relative time column. */
export function relativeTime(time: Timestamp, start: Timestamp, digits: number): string {
  const { seconds, nanos } = timeDifference(time, start);
  if (seconds >= 0) return `${seconds}${fraction(nanos, digits)}`;
  // Negative: -1 s + 750 ms is -0.250 s.
  const magnitude = nanos === 0 ? { seconds: -seconds, nanos: 0 } : { seconds: -seconds - 1, nanos: 1e9 - nanos };
  return `-${magnitude.seconds}${fraction(magnitude.nanos, digits)}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * "2014-08-20 10:03:41.080446" (or "10:03:41.080446" without the date) at `offsetSeconds` from UTC: ISO 8601 with a
 * space, as tshark -t ad / a / ud / u print it.
 */
function clockTime(time: Timestamp, digits: number, offsetSeconds: number, withDate: boolean): string {
  const date = new Date((time.seconds + offsetSeconds) * 1000);
  if (Number.isNaN(date.getTime())) return `${time.seconds}${fraction(time.nanos, digits)} s`;
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} `;
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${withDate ? day : ''}${clock}${fraction(time.nanos, digits)}`;
}

/** "2014-08-20 10:03:41.080446" in UTC (ISO 8601 with a space, as tshark -t ud prints it). */
export function absoluteTime(time: Timestamp, digits: number): string {
  return clockTime(time, digits, 0, true);
}

/** "1408528821.080446000": seconds since the epoch, as tshark's frame.time_epoch. */
export function epochTime(time: Timestamp, digits = 9): string {
  return `${time.seconds}${fraction(time.nanos, digits)}`;
}

/**
 * The inverse of epochTime: "1408528821.080446" → the time and how many fraction digits it was written with;
 * undefined for text that is not such a number (it may come from a link: never throws).
 */
export function parseEpochTime(text: string): { readonly time: Timestamp; readonly digits: number } | undefined {
  const match = /^(-?\d{1,15})(?:\.(\d{1,9}))?$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  return { time: { seconds: Number(match[1]), nanos: Number(fraction.padEnd(9, '0')) }, digits: fraction.length };
}

/**
 * Wireshark's time display formats (View → Time Display Format), in its menu's order, with tshark's `-t` letters.
 * Local time is the machine's time zone at that moment (daylight saving time included), as Wireshark's.
 */
export const TIME_FORMATS = [
  { id: 'date-time', tshark: 'ad', label: 'Date and time of day', example: '1970-01-01 01:02:03.123456' },
  { id: 'time-of-day', tshark: 'a', label: 'Time of day', example: '01:02:03.123456' },
  { id: 'epoch', tshark: 'e', label: 'Seconds since 1970-01-01', example: '1234567890.123456' },
  { id: 'relative', tshark: 'r', label: 'Seconds since beginning of capture', example: '123.123456' },
  { id: 'delta', tshark: 'd', label: 'Seconds since previous captured frame', example: '1.123456' },
  { id: 'delta-displayed', tshark: 'dd', label: 'Seconds since previous displayed frame', example: '1.123456' },
  { id: 'utc-date-time', tshark: 'ud', label: 'UTC date and time of day', example: '1970-01-01 01:02:03.123456' },
  { id: 'utc-time-of-day', tshark: 'u', label: 'UTC time of day', example: '01:02:03.123456' },
] as const;

export type TimeFormat = (typeof TIME_FORMATS)[number]['id'];

/** Seconds east of UTC in the machine's time zone at `seconds` since the epoch. */
export const localOffset = (seconds: number): number => -new Date(seconds * 1000).getTimezoneOffset() * 60;

export interface TimeReference {
  /** The capture's first timestamp (relative). */
  readonly start?: Timestamp;
  /** The previous captured frame's timestamp (delta) or the previous displayed one's (delta-displayed); absent for
   * the first frame, whose delta is 0. */
  readonly previous?: Timestamp;
  /** Seconds east of UTC at a moment; the machine's time zone unless told (tests). */
  readonly offset?: (seconds: number) => number;
}

/** The Time column's text for a frame's timestamp in one of Wireshark's formats, `digits` fraction digits. */
export function formatTime(format: TimeFormat, time: Timestamp, digits: number, reference: TimeReference): string {
  const offset = reference.offset ?? localOffset;
  switch (format) {
    case 'relative':
      return relativeTime(time, reference.start ?? time, digits);
    case 'delta':
    case 'delta-displayed':
      return relativeTime(time, reference.previous ?? time, digits);
    case 'epoch':
      return epochTime(time, digits);
    case 'date-time':
      return clockTime(time, digits, offset(time.seconds), true);
    case 'time-of-day':
      return clockTime(time, digits, offset(time.seconds), false);
    case 'utc-date-time':
      return clockTime(time, digits, 0, true);
    case 'utc-time-of-day':
      return clockTime(time, digits, 0, false);
  }
}
