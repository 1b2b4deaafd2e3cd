// The golden annotated dump (fq-style): one line per field that owns bytes, in offset order.
//   0x0037  11                        tpkt.reserved = 17  [warning reserved-nonzero]
//   0x000e  45                        ip.version = 4  (mask 0xf0)
import { SCHEMA, walkFields, type Field, type FieldValue, type Frame } from '../dissect';
import { maskHex } from '../dissect/format';
import { hexNumber } from '../dissect/format';

const MAX_RAW_BYTES = 8;
const MAX_VALUE_CHARS = 40;
const RAW_COLUMN = MAX_RAW_BYTES * 3; // "xx " per byte, the last space taken by "…"

/** A parent earns a line of its own when its children leave some of its bytes to it (eth.dst beside eth.dst.ig). */
function ownsBytesOfItsOwn(field: Field): boolean {
  const children = field.children?.filter((c) => !c.generated) ?? [];
  for (let at = field.offset; at < field.offset + field.length; at++) {
    if (!children.some((c) => at >= c.offset && at < c.offset + c.length)) return true;
  }
  return children.length === 0;
}

function rawColumn(field: Field): string {
  if (field.generated) return '(generated)';
  const bytes = field.raw.match(/../g) ?? [];
  const shown = bytes.slice(0, MAX_RAW_BYTES).join(' ');
  return bytes.length > MAX_RAW_BYTES ? `${shown}…` : shown;
}

function valueText(value: FieldValue): string {
  if (typeof value === 'number') return String(value);
  return value.length > MAX_VALUE_CHARS
    ? `${JSON.stringify(value.slice(0, MAX_VALUE_CHARS)).slice(0, -1)}…"`
    : JSON.stringify(value);
}

function annotationLine(field: Field): string {
  const mask = SCHEMA[field.id]?.mask;
  const parts = [
    hexNumber(field.offset, 4),
    rawColumn(field).padEnd(RAW_COLUMN),
    `${field.id} = ${valueText(field.value)}`,
  ];
  if (mask !== undefined) parts.push(`(mask ${maskHex(mask, field.length)})`);
  if (field.problems && field.problems.length > 0)
    parts.push(`[${field.problems.map((p) => `${p.severity} ${p.code}`).join(', ')}]`);
  return parts.join('  ');
}

export function annotate(frame: Frame): string {
  const fields: Field[] = [];
  walkFields(frame, (field) => {
    if (ownsBytesOfItsOwn(field)) fields.push(field);
  });
  // Stable: fields at one offset keep tree order (a parent before its bit fields, ip.version before ip.hdr_len).
  fields.sort((a, b) => a.offset - b.offset);
  return fields.map((f) => `${annotationLine(f)}\n`).join('');
}
