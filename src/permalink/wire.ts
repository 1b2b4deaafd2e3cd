// Byte-level helpers for the permalink body: LEB128 varints, length-prefixed UTF-8 strings, CRC-32.
// The reader treats its input as hostile: every read is bounds-checked and reports failure as `undefined`.

/** Unsigned values up to 2^32 - 1 take at most five varint bytes. */
const MAX_VARINT_BYTES = 5;
export const MAX_UINT32 = 0xffff_ffff;

export class ByteWriter {
  private readonly chunks: number[] = [];

  byte(value: number): this {
    this.chunks.push(value & 0xff);
    return this;
  }

  varint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      this.chunks.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.chunks.push(rest);
    return this;
  }

  bytes(data: Uint8Array): this {
    for (const b of data) this.chunks.push(b);
    return this;
  }

  /** A varint length, then the bytes. */
  block(data: Uint8Array): this {
    return this.varint(data.length).bytes(data);
  }

  string(text: string): this {
    return this.block(new TextEncoder().encode(text));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export class ByteReader {
  private at = 0;

  constructor(private readonly data: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.data.length;
  }

  byte(): number | undefined {
    return this.at < this.data.length ? this.data[this.at++] : undefined;
  }

  /** Rejects overlong encodings and values above 2^32 - 1, so every value has exactly one encoding. */
  varint(): number | undefined {
    let value = 0;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte();
      if (b === undefined) return undefined;
      value += (b & 0x7f) * 0x80 ** i;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) return undefined;
        return value <= MAX_UINT32 ? value : undefined;
      }
    }
    return undefined;
  }

  bytes(length: number): Uint8Array | undefined {
    if (length > this.data.length - this.at) return undefined;
    const out = this.data.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }

  block(maxLength: number): Uint8Array | undefined {
    const length = this.varint();
    return length === undefined || length > maxLength ? undefined : this.bytes(length);
  }

  /** UTF-8, strictly: a malformed sequence is damage, not a replacement character. */
  string(maxBytes: number): string | undefined {
    const data = this.block(maxBytes);
    if (data === undefined) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return undefined;
    }
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as in zlib and PNG). */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of data) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
