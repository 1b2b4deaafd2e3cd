// The bytes of a capture file as they arrive: appended chunk by chunk (a File's stream, a gunzip's output, a Node
// read stream), read with bounds checks (STYLE.md §10) in either byte order, possibly across chunk boundaries.
// Bytes before a given offset can be released once nothing needs them (the CLI streams a huge file).

export interface ByteStore {
  /** Adds the next bytes of the file. */
  append(chunk: Uint8Array): void;
  /** Offset just past the last byte appended. */
  end(): number;
  /** True when [offset, offset + length) has arrived and is still held. */
  has(offset: number, length: number): boolean;
  u8(offset: number): number;
  /** [offset, offset + length): a view when the span lies in one chunk, else a copy. */
  bytes(offset: number, length: number): Uint8Array;
  /** A DataView over exactly [offset, offset + length) (STYLE.md §10: never over a whole underlying buffer). */
  view(offset: number, length: number): DataView;
  /** The unsigned 32-bit number at [offset, offset + 4), as `view(offset, 4).getUint32(0, littleEndian)`. */
  u32(offset: number, littleEndian: boolean): number;
  /** Forgets every byte before `offset` (records already handed on, that nobody will ask for again). */
  release(offset: number): void;
}

export function createByteStore(): ByteStore {
  const chunks: Uint8Array[] = [];
  /** starts[i]: file offset of chunks[i][0]. */
  const starts: number[] = [];
  let first = 0; // index of the first chunk still held
  let total = 0;
  let last = 0; // chunk of the previous read: reads are mostly sequential

  const chunkAt = (offset: number): number => {
    if (offset >= starts[last]! && offset < starts[last]! + chunks[last]!.length) return last;
    let lo = first;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    last = lo;
    return lo;
  };
  const has = (offset: number, length: number): boolean =>
    Number.isInteger(offset) &&
    length >= 0 &&
    chunks.length > first &&
    offset >= starts[first]! &&
    offset + length <= total;
  const check = (offset: number, length: number) => {
    if (!has(offset, length))
      throw new RangeError(
        `capture read of ${length} bytes at ${offset} outside the bytes held (${chunks.length > first ? starts[first] : total} to ${total})`,
      );
  };
  const bytes = (offset: number, length: number): Uint8Array => {
    check(offset, length);
    if (length === 0) return new Uint8Array(0);
    const i = chunkAt(offset);
    const at = offset - starts[i]!;
    if (at + length <= chunks[i]!.length) return chunks[i]!.subarray(at, at + length);
    const copy = new Uint8Array(length);
    let filled = 0;
    for (let k = i; filled < length; k++) {
      const from = k === i ? at : 0;
      const piece = chunks[k]!.subarray(from, Math.min(chunks[k]!.length, from + length - filled));
      copy.set(piece, filled);
      filled += piece.length;
    }
    return copy;
  };

  return {
    append(chunk) {
      if (chunk.length === 0) return;
      // A plain view of a Node Buffer: a Buffer's subarray (each frame's bytes) makes another Buffer, a slower object.
      chunks.push(
        Object.getPrototypeOf(chunk) === Uint8Array.prototype
          ? chunk
          : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
      );
      starts.push(total);
      total += chunk.length;
    },
    end: () => total,
    has,
    u8: (offset) => bytes(offset, 1)[0]!,
    bytes,
    view(offset, length) {
      const span = bytes(offset, length);
      return new DataView(span.buffer, span.byteOffset, span.byteLength);
    },
    // Straight from the chunk when the four octets lie in one (a record header, for every frame of a file): no view.
    u32(offset, littleEndian) {
      check(offset, 4);
      const i = chunkAt(offset);
      const chunk = chunks[i]!;
      const at = offset - starts[i]!;
      if (at + 4 > chunk.length) {
        const span = bytes(offset, 4);
        return new DataView(span.buffer, span.byteOffset, 4).getUint32(0, littleEndian);
      }
      return littleEndian
        ? (chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16) | (chunk[at + 3]! << 24)) >>> 0
        : ((chunk[at]! << 24) | (chunk[at + 1]! << 16) | (chunk[at + 2]! << 8) | chunk[at + 3]!) >>> 0;
    },
    release(offset) {
      while (first < chunks.length - 1 && starts[first + 1]! <= offset) {
        chunks[first] = new Uint8Array(0);
        first++;
      }
      last = Math.max(last, first);
    },
  };
}
