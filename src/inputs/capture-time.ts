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

/** "0.000531", "-1.250000" — seconds from `start` to `time`, as tshark's relative time column. */
export function relativeTime(time: Timestamp, start: Timestamp, digits: number): string {
  let seconds = time.seconds - start.seconds;
  let nanos = time.nanos - start.nanos;
  if (seconds > 0 && nanos < 0) {
    seconds -= 1;
    nanos += 1_000_000_000;
  } else if (seconds < 0 && nanos > 0) {
    seconds += 1;
    nanos -= 1_000_000_000;
  }
  const negative = seconds < 0 || (seconds === 0 && nanos < 0);
  return `${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos), digits)}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2014-08-20 10:03:41.080446" in UTC (ISO 8601 with a space, as tshark -t ud prints it). */
export function absoluteTime(time: Timestamp, digits: number): string {
  const date = new Date(time.seconds * 1000);
  if (Number.isNaN(date.getTime())) return `${time.seconds}${fraction(time.nanos, digits)} s`;
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  return `${day} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}${fraction(time.nanos, digits)}`;
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
