// The bytes of a capture file as they arrive: appended chunk by chunk (a File's stream, a gunzip's output, a Node
// read stream), read with bounds checks (STYLE.md §10) in either byte order, possibly across chunk boundaries.
// Bytes before a given offset can be released once nothing needs them (the CLI streams a huge file).
//
// In the app the file is a File the worker was given: like Wireshark (frame_data offsets, wtap_seek_read), the store
// keeps only the latest `window` bytes while the file is indexed and reads any older span back from the file when a
// frame is asked for again (`ReadBack`), through a small cache of recently read blocks: the passes that visit frames
// in order (the filter, Find, Expert, sort) read one block per many frames, not one read per frame.

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
  /** Octets held in memory now: the chunks kept and the blocks read back. */
  held(): number;
}

/**
 * Reads [offset, offset + length) of the file again (synchronously: `FileReaderSync` in a worker). Throws when the file
 * cannot be read any more (changed or removed since it was opened: `NotReadableError`).
 */
export type ReadBack = (offset: number, length: number) => Uint8Array;

export interface ReadBackOptions {
  readonly readBack: ReadBack;
  /** Appended bytes kept in memory (the latest ones: what the parser and the conversation tracker read). */
  readonly window?: number;
  /** Bytes read back at a time, aligned to multiples of this size. */
  readonly block?: number;
  /** Blocks read back kept at most (the most recently used). */
  readonly blocks?: number;
  /** Called once, with the error and where it read, when a read back first fails; reads after it keep trying. */
  readonly onFailure?: (error: unknown, offset: number) => void;
}

const WINDOW = 4 * 1024 * 1024;
const BLOCK = 512 * 1024;
const BLOCKS = 8;

/** A block of the file read back: its first byte's offset and its bytes. */
interface Block {
  readonly start: number;
  readonly bytes: Uint8Array;
}

/** With `options`, older bytes are let go as new ones arrive and read back from the file when asked for. */
export function createByteStore(options?: ReadBackOptions): ByteStore {
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
  const readBack = options?.readBack;
  const window = options?.window ?? WINDOW;
  const blockSize = options?.block ?? BLOCK;
  const blockCount = options?.blocks ?? BLOCKS;
  /** Blocks read back, the most recently used last. */
  const blocks: Block[] = [];
  let failed = false;
  let heldChunks = 0;

  /** True when [offset, offset + length) lies in the chunks held. */
  const inChunks = (offset: number, length: number): boolean =>
    Number.isInteger(offset) &&
    length >= 0 &&
    chunks.length > first &&
    offset >= starts[first]! &&
    offset + length <= total;
  /** The block read back holding [offset, offset + length) whole, read now if needed; undefined if it cannot be read. */
  const blockFor = (offset: number, length: number): Block | undefined => {
    for (let i = blocks.length - 1; i >= 0; i--) {
      const block = blocks[i]!;
      if (offset >= block.start && offset + length <= block.start + block.bytes.length) {
        if (i !== blocks.length - 1) blocks.push(...blocks.splice(i, 1));
        return block;
      }
    }
    // Blocks end on multiples of the block size; a span across such an end starts a block of its own, to the next end
    // past a block's length (the spans after it, in frame order, lie in it).
    const aligned = offset - (offset % blockSize);
    const start = offset + length > aligned + blockSize ? offset : aligned;
    const end = Math.min(total, Math.ceil(Math.max(start + blockSize, offset + length) / blockSize) * blockSize);
    let bytes: Uint8Array;
    try {
      bytes = readBack!(start, end - start);
      if (bytes.length !== end - start)
        throw new RangeError(`the file gave ${bytes.length} bytes at ${start} where ${end - start} were read before`);
    } catch (error) {
      if (!failed) options?.onFailure?.(error, start);
      failed = true;
      return undefined;
    }
    const block = { start, bytes };
    blocks.push(block);
    if (blocks.length > blockCount) blocks.shift();
    return block;
  };
  /** True when [offset, offset + length) is within the file read so far, held or read back. */
  const canReadBack = (offset: number, length: number): boolean =>
    readBack !== undefined && Number.isInteger(offset) && length >= 0 && offset >= 0 && offset + length <= total;
  const has = (offset: number, length: number): boolean =>
    inChunks(offset, length) || (canReadBack(offset, length) && blockFor(offset, length) !== undefined);
  const outside = (offset: number, length: number) =>
    new RangeError(
      `capture read of ${length} bytes at ${offset} outside the bytes held (${chunks.length > first ? starts[first] : total} to ${total})`,
    );
  const bytes = (offset: number, length: number): Uint8Array => {
    if (!inChunks(offset, length)) {
      const block = canReadBack(offset, length) ? blockFor(offset, length) : undefined;
      if (!block) throw outside(offset, length);
      return block.bytes.subarray(offset - block.start, offset - block.start + length);
    }
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

  function release(offset: number) {
    while (first < chunks.length - 1 && starts[first + 1]! <= offset) {
      heldChunks -= chunks[first]!.length;
      chunks[first] = new Uint8Array(0);
      first++;
    }
    last = Math.max(last, first);
  }

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
      heldChunks += chunk.length;
      if (readBack && heldChunks > window) release(total - window);
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
      if (!inChunks(offset, 4)) {
        const span = bytes(offset, 4);
        return new DataView(span.buffer, span.byteOffset, 4).getUint32(0, littleEndian);
      }
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
    release,
    held: () => heldChunks + blocks.reduce((sum, block) => sum + block.bytes.length, 0),
  };
}
