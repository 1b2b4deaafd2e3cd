// Read-only questions about a dissected frame, shared by the UI, the CLI and the tests.
import type { Field, Frame, Layer } from './model';

/** Path from a layer's top-level field down to the deepest field whose span holds the byte (generated fields skipped). */
export function fieldPathAt(frame: Frame, byteOffset: number): Field[] {
  const contains = (f: Field) =>
    !f.generated && f.length > 0 && byteOffset >= f.offset && byteOffset < f.offset + f.length;
  // Deepest layer first: a trailer in the Ethernet layer and the IP header never overlap, so this is only a tie-break.
  for (let i = frame.layers.length - 1; i >= 0; i--) {
    const path: Field[] = [];
    let level: readonly Field[] | undefined = frame.layers[i]!.fields;
    while (level) {
      const hit: Field | undefined = level.find(contains);
      if (!hit) break;
      path.push(hit);
      level = hit.children;
    }
    if (path.length > 0) return path;
  }
  return [];
}

/** The frame's own layers, then those of the PDUs reassembled into it (reassembly on; their offsets count in their source). */
export function allLayers(frame: Frame): readonly Layer[] {
  return frame.sources ? [...frame.layers, ...frame.sources.flatMap((s) => s.layers)] : frame.layers;
}

export function walkFields(frame: Frame, visit: (field: Field, depth: number, layer: Layer) => void): void {
  const go = (fields: readonly Field[], depth: number, layer: Layer) => {
    for (const f of fields) {
      visit(f, depth, layer);
      if (f.children) go(f.children, depth + 1, layer);
    }
  };
  for (const layer of frame.layers) go(layer.fields, 0, layer);
}

/** Every field instance with this id, in wire order. */
export function fieldsById(frame: Frame, id: string): Field[] {
  const out: Field[] = [];
  walkFields(frame, (f) => {
    if (f.id === id) out.push(f);
  });
  return out;
}
