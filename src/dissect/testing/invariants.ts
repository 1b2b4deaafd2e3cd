// Checks every dissection must pass (STYLE.md §6): spans inside the frame, every byte owned by a leaf field (or a field whose children are only bit fields),
// every field id in the schema, problems with a known field id. Returns the violations (empty when all hold).
import type { Field, Frame } from '../model';
import { SCHEMA } from '../schema';

export function invariantViolations(frame: Frame): string[] {
  const out: string[] = [];
  const owned = new Uint8Array(frame.length);
  const visit = (f: Field, parent?: Field) => {
    if (!(f.id in SCHEMA)) out.push(`field id ${f.id} has no schema entry`);
    if (f.offset < 0 || f.length < 0 || f.offset + f.length > frame.length)
      out.push(`${f.id} span [${f.offset}, ${f.offset + f.length}) outside the ${frame.length}-byte frame`);
    if (
      parent &&
      !f.generated &&
      !parent.generated &&
      (f.offset < parent.offset || f.offset + f.length > parent.offset + parent.length)
    ) {
      out.push(`${f.id} @${f.offset} lies outside its parent ${parent.id} @${parent.offset}+${parent.length}`);
    }
    if (f.raw.length !== f.length * 2) out.push(`${f.id} raw has ${f.raw.length / 2} bytes for length ${f.length}`);
    // A field whose children only split its bits (flags, the LG/IG bits of an address) is the leaf for its bytes.
    const leaf = !f.children || f.children.every((c) => c.generated || SCHEMA[c.id]?.mask !== undefined);
    if (leaf && !f.generated) owned.fill(1, f.offset, f.offset + f.length);
    f.children?.forEach((c) => visit(c, f));
  };
  for (const layer of frame.layers) layer.fields.forEach((f) => visit(f));
  const unowned = [...owned.keys()].filter((i) => !owned[i]);
  if (unowned.length > 0)
    out.push(
      `bytes not owned by any leaf field: ${unowned.slice(0, 10).join(', ')}${unowned.length > 10 ? ', …' : ''}`,
    );
  for (const p of frame.problems) {
    if (p.fieldId !== undefined && !(p.fieldId in SCHEMA)) out.push(`problem names unknown field ${p.fieldId}`);
  }
  return out;
}
