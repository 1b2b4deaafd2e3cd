// Test-only builders of capture files, byte by byte as draft-ietf-opsawg-pcap and -pcapng lay them out, in either
// byte order: so a test can make exactly the file it is about (a big-endian section, a block whose two lengths
// disagree) that no tool on this machine writes. Files made by real tools are in captures.test.ts.

export interface PcapRecord {
  readonly data: readonly number[];
  readonly seconds?: number;
  /** Microseconds or nanoseconds, as the magic says. */
  readonly fraction?: number;
  readonly originalLength?: number;
  /** Overrides the captured length written (damage). */
  readonly capturedLength?: number;
}

function writer(littleEndian: boolean) {
  const out: number[] = [];
  const u16 = (n: number) => (littleEndian ? out.push(n & 0xff, (n >> 8) & 0xff) : out.push((n >> 8) & 0xff, n & 0xff));
  const u32 = (n: number) => {
    const b = [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    out.push(...(littleEndian ? b.reverse() : b));
  };
  return {
    out,
    u16,
    u32,
    bytes: (b: readonly number[]) => out.push(...b),
    pad: () => {
      while (out.length % 4 !== 0) out.push(0);
    },
  };
}

export function pcapFile(o: {
  littleEndian?: boolean;
  nanoseconds?: boolean;
  linkType?: number;
  snapLen?: number;
  linkField?: number;
  records: readonly PcapRecord[];
}): Uint8Array {
  const w = writer(o.littleEndian ?? true);
  w.u32(o.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
  w.u16(2);
  w.u16(4);
  w.u32(0);
  w.u32(0);
  w.u32(o.snapLen ?? 262144);
  w.u32(o.linkField ?? o.linkType ?? 1);
  for (const r of o.records) {
    w.u32(r.seconds ?? 1_400_000_000);
    w.u32(r.fraction ?? 0);
    w.u32(r.capturedLength ?? r.data.length);
    w.u32(r.originalLength ?? r.data.length);
    w.bytes(r.data);
  }
  return Uint8Array.from(w.out);
}

export interface PcapngOption {
  readonly code: number;
  readonly value: readonly number[] | string;
}

const optionBytes = (value: PcapngOption['value']): number[] =>
  typeof value === 'string' ? [...new TextEncoder().encode(value)] : [...value];

/** One block: type, total length, body (padded), options, total length again. */
export function pcapngBlock(
  littleEndian: boolean,
  type: number,
  body: (w: ReturnType<typeof writer>) => void,
  options: readonly PcapngOption[] = [],
  trailingLength?: number,
): number[] {
  const inner = writer(littleEndian);
  body(inner);
  inner.pad();
  if (options.length > 0) {
    for (const o of options) {
      const value = optionBytes(o.value);
      inner.u16(o.code);
      inner.u16(value.length);
      inner.bytes(value);
      inner.pad();
    }
    inner.u32(0); // opt_endofopt
  }
  const length = inner.out.length + 12;
  const w = writer(littleEndian);
  w.u32(type);
  w.u32(length);
  w.bytes(inner.out);
  w.u32(trailingLength ?? length);
  return w.out;
}

export const shb = (littleEndian: boolean, options: readonly PcapngOption[] = [], major = 1) =>
  pcapngBlock(
    littleEndian,
    0x0a0d0d0a,
    (w) => {
      w.u32(0x1a2b3c4d);
      w.u16(major);
      w.u16(0);
      w.u32(0xffffffff);
      w.u32(0xffffffff);
    },
    options,
  );

export const idb = (littleEndian: boolean, linkType: number, snapLen = 0, options: readonly PcapngOption[] = []) =>
  pcapngBlock(
    littleEndian,
    1,
    (w) => {
      w.u16(linkType);
      w.u16(0);
      w.u32(snapLen);
    },
    options,
  );

const high32 = (units: number | bigint) => Number(BigInt(units) >> 32n);
const low32 = (units: number | bigint) => Number(BigInt(units) & 0xffffffffn);

/** An EPB; `units` is the 64-bit timestamp in the interface's units. */
export const epb = (
  littleEndian: boolean,
  iface: number,
  units: number | bigint,
  data: readonly number[],
  options: readonly PcapngOption[] = [],
  o: { originalLength?: number; capturedLength?: number } = {},
) =>
  pcapngBlock(
    littleEndian,
    6,
    (w) => {
      w.u32(iface);
      w.u32(high32(units));
      w.u32(low32(units));
      w.u32(o.capturedLength ?? data.length);
      w.u32(o.originalLength ?? data.length);
      w.bytes(data);
    },
    options,
  );

export const spb = (littleEndian: boolean, data: readonly number[], originalLength = data.length) =>
  pcapngBlock(littleEndian, 3, (w) => {
    w.u32(originalLength);
    w.bytes(data);
  });

/** The obsolete Packet Block (Appendix A): 16-bit interface id and drops count. */
export const pb = (
  littleEndian: boolean,
  iface: number,
  units: number,
  data: readonly number[],
  options: readonly PcapngOption[] = [],
) =>
  pcapngBlock(
    littleEndian,
    2,
    (w) => {
      w.u16(iface);
      w.u16(0);
      w.u32(high32(units));
      w.u32(low32(units));
      w.u32(data.length);
      w.u32(data.length);
      w.bytes(data);
    },
    options,
  );

export const customBlock = (littleEndian: boolean, type: number, payload: readonly number[]) =>
  pcapngBlock(littleEndian, type, (w) => w.bytes(payload));

/** Bytes that look random but are the same in every run (xorshift32): a file that is no format at all. */
export function noiseBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
