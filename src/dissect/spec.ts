// How a protocol file declares its fields: one readonly table in wire order (STYLE.md §1).
// Only static facts live here; instances (model.ts Field) carry offset, value, raw and display.
import type { Cite } from './cite';
import type { FieldId } from './field-ids';
import type { ProblemCode, Severity } from './model';

/** How the value is derived from the span and how it is shown. */
export type FieldKind =
  | 'uint' // big-endian integer (masked and shifted), shown in decimal
  | 'hex' // the same integer, shown as 0x.. padded to the span's width
  | 'flag' // one bit: 0 or 1, shown "Set" / "Not set"
  | 'mac' // 6 bytes, colon-separated
  | 'ipv4' // 4 bytes, dotted quad
  | 'ipv6' // 16 bytes, RFC 5952 text ("2001:db8::1")
  | 'text' // bytes as text (printable ASCII; other bytes as \xNN)
  | 'bytes' // lowercase hex
  | 'none'; // a grouping node whose value is its raw hex

/** A value rule: anything else is a problem on this field. */
export interface ValueRule {
  readonly expect: number;
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly message: (value: number) => string;
  /** The rule the problem rests on when it is not the field's own citation. */
  readonly cite?: Cite;
  readonly seeAlso?: readonly Cite[];
}

export interface FieldSpec {
  /** Wireshark's display-filter name; field-ids.ts lists every one (`npm run field-ids` after adding one). */
  readonly id: FieldId;
  readonly label: string;
  readonly kind: FieldKind;
  readonly cite: Cite;
  readonly meaning: string;
  /** Offset within the header and size in bytes, for fields of a fixed layout. */
  readonly at?: number;
  readonly size?: number;
  /** Sub-byte fields: mask over the big-endian integer of the span. */
  readonly mask?: number;
  /** Byte order of the integer; big-endian (network order) unless said. Masks stay over the big-endian span. */
  readonly littleEndian?: true;
  /** value = raw × scale (IHL and data offset count 32-bit words; Wireshark compares bytes). */
  readonly scale?: number;
  readonly unit?: string;
  /** For 'uint': also show the hex form, "17 (0x11)" — where people quote the byte as a dump shows it. */
  readonly showHex?: true;
  readonly values?: Readonly<Record<number, string>>;
  readonly reserved?: true;
  readonly rule?: ValueRule;
  /** Masked sub-fields sharing this field's span, MSB first. */
  readonly bits?: readonly FieldSpec[];
}

/** A protocol's table: its field specs (fixed part in wire order, then the variable parts' specs). */
export interface ProtocolTable {
  readonly protocol: string;
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  /** Each fixed layout in wire order (a header; each COTP TPDU type; each TCP option's value fields), for the lint. */
  readonly layouts: readonly (readonly FieldSpec[])[];
}
