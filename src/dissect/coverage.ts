// Which bytes of a frame no leaf field owns (STYLE.md §6), for the engine to hand to `<protocol>.undecoded` or data.
// Runs once per frame over every field, so it marks bytes in one scratch array kept between frames rather than in
// a new one each time.
import type { Field, Layer } from './model';

let scratch = new Uint8Array(2048);

/** Marks each non-generated field's bytes, and its children's when any child is not generated. */
function mark(fields: readonly Field[], owned: Uint8Array, length: number): void {
  for (const f of fields) {
    const children = f.children;
    if (children) {
      for (const c of children) {
        if (!c.generated) {
          mark(children, owned, length);
          break;
        }
      }
    }
    if (!f.generated) {
      const end = Math.min(f.offset + f.length, length);
      if (end - f.offset > 16) owned.fill(1, f.offset, end);
      else for (let i = f.offset; i < end; i++) owned[i] = 1;
    }
  }
}

/** The runs of bytes in [0, length) that no field of these layers covers, in order, as [start, end). */
export function unownedSpans(length: number, layers: readonly Layer[]): [number, number][] {
  if (scratch.length < length) scratch = new Uint8Array(Math.max(length, 2 * scratch.length));
  const owned = scratch;
  owned.fill(0, 0, length);
  for (const layer of layers) mark(layer.fields, owned, length);
  const gaps: [number, number][] = [];
  for (let i = 0; i < length;) {
    if (owned[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < length && !owned[j]) j++;
    gaps.push([i, j]);
    i = j;
  }
  return gaps;
}
