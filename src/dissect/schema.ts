// The static facts of every field id, gathered from the protocol tables: the `schema` of the JSON output,
// and what the UI's detail panel reads (label, citation, reserved, mask, meaning).
import type { FieldSchema } from './model';
import type { FieldSpec, ProtocolTable } from './spec';
import { undecodedSpec } from './protocols/common';
import { DATA_TABLE } from './protocols/data';
import { REGISTRY } from './registry';

/** Every field table, in the registry's order (the schema's order, and the JSON document's). */
export const TABLES: readonly ProtocolTable[] = REGISTRY.flatMap((r) => r.tables ?? []);

/** `<protocol>.undecoded`, cited like the protocol's first field. */
export function undecodedSpecFor(protocol: string): FieldSpec {
  const table = TABLES.find((t) => t.protocol === protocol);
  const first = table?.fields[0];
  return undecodedSpec(protocol, table?.name ?? protocol, first?.cite ?? DATA_TABLE.fields[0]!.cite);
}

/** Every spec of every table, bit fields included, in table order. */
export function allSpecs(): FieldSpec[] {
  const out: FieldSpec[] = [];
  const add = (spec: FieldSpec) => {
    out.push(spec);
    spec.bits?.forEach(add);
  };
  for (const table of TABLES) {
    table.fields.forEach(add);
    if (table.protocol !== 'data') add(undecodedSpecFor(table.protocol));
  }
  return out;
}

function toSchema(spec: FieldSpec): FieldSchema {
  return {
    label: spec.label,
    cite: spec.cite,
    meaning: spec.meaning,
    ...(spec.reserved ? { reserved: true as const } : {}),
    ...(spec.mask !== undefined ? { mask: spec.mask } : {}),
  };
}

/**
 * One entry per id. Some ids are declared more than once with different spans or citations (cotp.destref in
 * a CR and in a DR); the schema keeps the first, and the lint test checks their label, mask and reserved agree.
 */
export const SCHEMA: Readonly<Record<string, FieldSchema>> = (() => {
  const schema: Record<string, FieldSchema> = {};
  for (const spec of allSpecs()) schema[spec.id] ??= toSchema(spec);
  return schema;
})();
