// Capture files other tools open: pcap (one link type per file) and pcapng (one interface per link type).
// Layouts from draft-ietf-opsawg-pcap and draft-ietf-opsawg-pcapng; written little-endian, as most writers do.
import type { ExportFrame, Timestamp } from './frames';

export type CaptureFile =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
/** Wireshark's largest snapshot length; the field only has to be at least every frame's captured length. */
const SNAPLEN = 262_144;

const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_IDB = 0x00000001;
const PCAPNG_EPB = 0x00000006;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const SHB_USERAPPL = 4;
const IF_TSRESOL = 9;
const APPLICATION = 'framescope';

/** Grows as it is written; all integers little-endian. */
class Out {
  private buffer = new Uint8Array(1024);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
    this.view = new DataView(bigger.buffer);
  }

  u16(value: number): void {
    this.room(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  u32(value: number): void {
    this.room(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  /** Patches a u32 already written (a block's length, known once its body is). */
  u32At(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Zero bytes up to the next multiple of four (pcapng pads every block body and option value). */
  pad32(): void {
    while (this.length % 4 !== 0) this.bytes(Uint8Array.of(0));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

function uint32(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 0), 0xffff_ffff) : 0;
}

function time(frame: ExportFrame): Timestamp {
  const t = frame.timestamp;
  return t ? { seconds: uint32(t.seconds), nanos: Math.min(uint32(t.nanos), 999_999_999) } : { seconds: 0, nanos: 0 };
}

/** Microseconds lose nothing unless some frame has a finer timestamp. */
function needsNanoseconds(frames: readonly ExportFrame[]): boolean {
  return frames.some((f) => time(f).nanos % 1000 !== 0);
}

function originalLength(frame: ExportFrame): number {
  return Math.max(frame.bytes.length, uint32(frame.originalLength ?? 0));
}

/** A pcap file; refused when the frames have more than one link type (pcap has one per file: use pcapng). */
export function writePcap(frames: readonly ExportFrame[]): CaptureFile {
  const linkTypes = new Set(frames.map((f) => f.linkType));
  if (linkTypes.size > 1) {
    return {
      ok: false,
      reason: `These frames have ${linkTypes.size} link types (${[...linkTypes].join(', ')}); a pcap file holds one. Use pcapng.`,
    };
  }
  const tooLong = frames.find((f) => f.bytes.length > SNAPLEN);
  if (tooLong)
    return {
      ok: false,
      reason: `A ${tooLong.bytes.length}-byte frame is longer than pcap's ${SNAPLEN}-byte snapshot length.`,
    };
  const nanoseconds = needsNanoseconds(frames);
  const out = new Out();
  out.u32(nanoseconds ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS);
  out.u16(2); // version 2.4
  out.u16(4);
  out.u32(0); // reserved (was thiszone)
  out.u32(0); // reserved (was sigfigs)
  out.u32(SNAPLEN);
  out.u32(frames[0]?.linkType ?? 1);
  for (const frame of frames) {
    const t = time(frame);
    out.u32(t.seconds);
    out.u32(nanoseconds ? t.nanos : Math.floor(t.nanos / 1000));
    out.u32(frame.bytes.length);
    out.u32(originalLength(frame));
    out.bytes(frame.bytes);
  }
  return { ok: true, bytes: out.finish() };
}

/** Writes one block: type, length, body, length again (the body callback writes the rest, padded). */
function block(out: Out, type: number, body: () => void): void {
  const start = out.length;
  out.u32(type);
  out.u32(0);
  body();
  out.pad32();
  const total = out.length - start + 4;
  out.u32(total);
  out.u32At(start + 4, total);
}

function option(out: Out, code: number, value: Uint8Array): void {
  out.u16(code);
  out.u16(value.length);
  out.bytes(value);
  out.pad32();
}

/** A pcapng file: one section, one interface per link type (in order of first use), one enhanced packet per frame. */
export function writePcapng(frames: readonly ExportFrame[]): CaptureFile {
  const tooLong = frames.find((f) => f.bytes.length > 0xffff_fff0);
  if (tooLong) return { ok: false, reason: 'A frame is too long for pcapng.' };
  const nanoseconds = needsNanoseconds(frames);
  const units = nanoseconds ? 1_000_000_000 : 1_000_000;
  const interfaces = [...new Set(frames.map((f) => f.linkType))];
  if (interfaces.length === 0) interfaces.push(1);
  const out = new Out();

  block(out, PCAPNG_SHB, () => {
    out.u32(PCAPNG_BYTE_ORDER_MAGIC);
    out.u16(1); // version 1.0
    out.u16(0);
    out.u32(0xffff_ffff); // section length: not given (-1, as a 64-bit value)
    out.u32(0xffff_ffff);
    option(out, SHB_USERAPPL, new TextEncoder().encode(APPLICATION));
    option(out, OPT_ENDOFOPT, new Uint8Array(0));
  });
  for (const linkType of interfaces) {
    block(out, PCAPNG_IDB, () => {
      out.u16(linkType);
      out.u16(0); // reserved
      out.u32(0); // snaplen: no limit
      if (nanoseconds) {
        option(out, IF_TSRESOL, Uint8Array.of(9)); // 10^-9 s
        option(out, OPT_ENDOFOPT, new Uint8Array(0));
      }
    });
  }
  for (const frame of frames) {
    const t = time(frame);
    // A 64-bit count of units since 1970: in nanoseconds it passes 2^53 in 2255, so count in BigInt.
    const ticks = BigInt(t.seconds) * BigInt(units) + BigInt(nanoseconds ? t.nanos : Math.floor(t.nanos / 1000));
    block(out, PCAPNG_EPB, () => {
      out.u32(interfaces.indexOf(frame.linkType));
      out.u32(Number(ticks >> 32n));
      out.u32(Number(ticks & 0xffff_ffffn));
      out.u32(frame.bytes.length);
      out.u32(originalLength(frame));
      out.bytes(frame.bytes);
    });
  }
  return { ok: true, bytes: out.finish() };
}
