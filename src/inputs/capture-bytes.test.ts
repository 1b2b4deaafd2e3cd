// The capture's byte store (capture-bytes.ts): all in memory, or the latest bytes only, older ones read back from the
// file through a small cache of blocks.
import { describe, expect, it } from 'vitest';
import { createByteStore, type ReadBackOptions } from './capture-bytes';

const FILE = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

/** A store fed FILE in chunks of `chunk`, reading back from FILE (counted) with a 10 000-byte window. */
function fed(chunk: number, options: Partial<ReadBackOptions> = {}) {
  const reads: [number, number][] = [];
  const store = createByteStore({
    readBack: (offset, length) => {
      reads.push([offset, length]);
      return FILE.slice(offset, offset + length);
    },
    window: 10_000,
    block: 4096,
    blocks: 3,
    ...options,
  });
  for (let at = 0; at < FILE.length; at += chunk) store.append(FILE.slice(at, at + chunk));
  return { store, reads };
}

describe('byte store reading back', () => {
  it('holds the latest bytes as they arrive and reads older ones back, block by block, the same bytes', () => {
    const { store, reads } = fed(3000);
    expect(reads).toEqual([]);
    expect(store.held()).toBeLessThanOrEqual(10_000 + 3000);
    expect(store.end()).toBe(FILE.length);
    // In frame order, a few bytes at a time: one read per block, not per span.
    for (let at = 0; at + 50 <= FILE.length; at += 50) {
      expect(store.has(at, 50)).toBe(true);
      expect(store.bytes(at, 50)).toEqual(FILE.subarray(at, at + 50));
    }
    const readBack = reads.reduce((sum, [, length]) => sum + length, 0);
    expect(readBack).toBeLessThanOrEqual(FILE.length);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil((FILE.length - 10_000 + 3000) / 4096) + 1);
    // Across a block boundary, numbers and views too.
    expect(store.u32(4094, false)).toBe(new DataView(FILE.buffer).getUint32(4094, false));
    expect(store.u8(5)).toBe(FILE[5]);
    expect(store.view(8190, 4).getUint16(1)).toBe(new DataView(FILE.buffer).getUint16(8191));
    // At most three blocks kept, each of one block (or the span that needed more).
    expect(store.held()).toBeLessThanOrEqual(10_000 + 3000 + 3 * 4096);
  });

  it('reads nothing past what has arrived, and tells a failed read once, then says the bytes are not there', () => {
    const failures: unknown[] = [];
    let gone = false;
    const store = createByteStore({
      readBack: (offset, length) => {
        if (gone) throw new DOMException('The file could not be read', 'NotReadableError');
        return FILE.slice(offset, offset + length);
      },
      window: 10_000,
      block: 4096,
      onFailure: (error, offset) => failures.push([(error as Error).name, offset]),
    });
    for (let at = 0; at < 50_000; at += 5000) store.append(FILE.slice(at, at + 5000));
    expect(store.has(49_990, 20)).toBe(false);
    expect(store.has(100, 20)).toBe(true);
    gone = true;
    expect(store.has(100, 20)).toBe(true); // a block already read
    expect(store.has(20_000, 20)).toBe(false);
    expect(() => store.bytes(30_000, 20)).toThrow(RangeError);
    expect(failures).toEqual([['NotReadableError', 16_384]]);
    // The bytes held are still read.
    expect(store.bytes(45_000, 20)).toEqual(FILE.subarray(45_000, 45_020));
  });

  it('holds every byte without a way to read back', () => {
    const store = createByteStore();
    for (let at = 0; at < FILE.length; at += 3000) store.append(FILE.slice(at, at + 3000));
    expect(store.held()).toBe(FILE.length);
    expect(store.bytes(0, 10)).toEqual(FILE.subarray(0, 10));
  });
});
