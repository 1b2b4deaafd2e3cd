// tshark's scripted output (`-T fields -e ID …`): one line per frame, the values of the named fields, written as
// tshark 4.0 writes them in that mode — integers in decimal unless Wireshark shows the field in hex (then 0x and the
// width of its integer type), booleans 1/0, addresses as text, byte strings as bare hex, a field with no value (a
// grouping node) as 1, a protocol as its tree line. Several occurrences are joined by the aggregator.
import type { Field, Frame } from '../dissect/model';
import type { FieldKind } from '../dissect/spec';
import { allSpecs, TABLES } from '../dissect/schema';
import { allLayers } from '../dissect/query';
import { hexNumber } from '../dissect/format';
import { FIELD_ALIASES } from '../dissect/filter';

/** How the values are laid out (tshark's `-E` options). */
export interface FieldsFormat {
  readonly header: boolean;
  readonly separator: string;
  readonly occurrence: 'first' | 'last' | 'all';
  readonly aggregator: string;
  /** '' (none), '"' or "'": put around each value that is present. */
  readonly quote: string;
  readonly bom: boolean;
}

export const DEFAULT_FIELDS_FORMAT: FieldsFormat = {
  header: false,
  separator: '\t',
  occurrence: 'all',
  aggregator: ',',
  quote: '',
  bom: false,
};

/**
 * Hex digits tshark 4.0 writes for the fields it shows in hex: those whose base in `tshark -G fields` is BASE_HEX or
 * BASE_HEX_DEC, as wide as their integer type (FT_UINT8 2, FT_UINT16 4, FT_UINT24 6, FT_UINT32 8) whatever their
 * span — ids framescope shows in decimal (cotp.credit) included. A hex field not listed here (framescope's own) is as
 * wide as its span.
 */
const TSHARK_HEX_DIGITS: Readonly<Record<string, number>> = {
  'eth.type': 4,
  'sll.etype': 4,
  'vlan.etype': 4,
  'ip.dsfield': 2,
  'ip.id': 4,
  'ip.flags': 2,
  'ip.checksum': 4,
  'ip.checksum_calculated': 4,
  'ipv6.tclass': 8,
  'ipv6.flow': 6,
  'ipv6.opt.type': 2,
  'ipv6.opt.type.rest': 2,
  'ipv6.fraghdr.reserved_octet': 2,
  'ipv6.fraghdr.ident': 8,
  'tcp.flags': 4,
  'tcp.checksum': 4,
  'tcp.checksum_calculated': 4,
  'cotp.type': 2,
  'cotp.destref': 4,
  'cotp.srcref': 4,
  'cotp.tpdu-number': 2,
  'cotp.next-tpdu-number': 2,
  'cotp.credit': 4,
  'cotp.parameter_code': 2,
  'cotp.checksum': 4,
  'cotp.checksum_calculated': 4,
  'cotp.lower_window_edge': 8,
  'cotp.sequence_number': 4,
  'rdp.neg_type': 2,
  'rdp.negReq.flags': 2,
  'rdp.negRsp.flags': 2,
  'rdp.correlationInfo.flags': 2,
  'rdp.negReq.requestedProtocols': 8,
  'rdp.negReq.selectedProtocol': 8,
  'rdp.negFailure.failureCode': 8,
};

/** Times in seconds (FT_RELATIVE_TIME): tshark writes them with nanosecond digits. */
const SECONDS = new Set(['tcp.time_relative', 'tcp.time_delta']);

/** TSAP-IDs are text to Wireshark; one that is not printable it writes as 0x and its hex (framescope: bytes). */
const TSAPS = new Set(['cotp.src-tsap', 'cotp.dst-tsap']);

const KINDS = new Map<string, FieldKind>();
for (const spec of allSpecs()) if (!KINDS.has(spec.id)) KINDS.set(spec.id, spec.kind);

const PROTOCOLS = new Set([...TABLES.map((t) => t.protocol), 'raw']);

/** Layers whose next protocol an EtherType names: tshark lists "ethertype" after them in frame.protocols. */
const ETHERTYPE_LAYERS = new Set(['eth', 'vlan', 'ieee8021ad', 'sll']);

/** "0.000080" → "0.000080000": tshark writes times with nanosecond digits in this mode. */
function nanoseconds(seconds: string | undefined): string[] {
  if (seconds === undefined) return [];
  const [whole, fraction = ''] = seconds.split('.');
  return [`${whole}.${fraction.padEnd(9, '0')}`];
}

/** What the record and the summary say: tshark's frame fields and packet-list columns. */
const FRAME_COLUMNS: Readonly<Record<string, (frame: Frame) => readonly string[]>> = {
  'frame.number': (f) => [String(f.number)],
  'frame.len': (f) => [String(f.capture?.originalLength ?? f.length)],
  'frame.cap_len': (f) => [String(f.length)],
  'frame.time_epoch': (f) => nanoseconds(f.capture?.epoch),
  'frame.time_relative': (f) => nanoseconds(f.capture?.relative),
  'frame.protocols': (f) => [
    f.layers.flatMap((l) => (ETHERTYPE_LAYERS.has(l.protocol) ? [l.protocol, 'ethertype'] : [l.protocol])).join(':'),
  ],
  '_ws.col.No.': (f) => [String(f.number)],
  '_ws.col.Time': (f) => [f.capture?.relative ?? '0.000000'],
  '_ws.col.Source': (f) => [f.summary.source],
  '_ws.col.Destination': (f) => [f.summary.destination],
  '_ws.col.Protocol': (f) => [f.summary.protocol],
  '_ws.col.Length': (f) => [String(f.capture?.originalLength ?? f.length)],
  '_ws.col.Info': (f) => [f.summary.info],
};

/** One field's value as tshark writes it in fields mode. */
export function fieldText(field: Field): string {
  const { id, value } = field;
  const kind = KINDS.get(id);
  if (typeof value === 'number') {
    if (SECONDS.has(id)) return value.toFixed(9);
    const digits = TSHARK_HEX_DIGITS[id] ?? (kind === 'hex' ? Math.max(2, field.length * 2) : undefined);
    return digits === undefined ? String(value) : hexNumber(value, digits);
  }
  // FT_NONE: tshark writes "1" so that a script can test the field's presence.
  if (kind === 'none') return '1';
  if (TSAPS.has(id) && value !== '' && value === field.raw) return `0x${value}`;
  return value;
}

/** A column's values in one frame, from the frame or from the instances of the fields it names (in tree order). */
type Column = (frame: Frame, fields: readonly Field[] | undefined) => readonly string[];

/** How to write one -e, and the field ids whose instances it shows (an alias such as tcp.port names two). */
function columnFor(id: string): { column: Column; fieldIds: readonly string[] } | undefined {
  const frameColumn = FRAME_COLUMNS[id];
  if (frameColumn) return { column: (frame) => frameColumn(frame), fieldIds: [] };
  const ids = FIELD_ALIASES[id] ?? (KINDS.has(id) ? [id] : undefined);
  if (ids) return { column: (_, fields) => (fields ?? []).map(fieldText), fieldIds: ids };
  if (PROTOCOLS.has(id))
    return {
      column: (frame) => allLayers(frame).flatMap((l) => (l.protocol === id ? [l.summary] : [])),
      fieldIds: [],
    };
  return undefined;
}

export interface FieldsWriter {
  /** The header line (the ids), when the format asks for one; '' otherwise. Starts with the BOM when asked. */
  readonly header: string;
  /** One frame's line, with its newline. */
  line(frame: Frame): string;
}

export type FieldsWriterResult =
  { readonly ok: true; readonly writer: FieldsWriter } | { readonly ok: false; readonly unknown: readonly string[] };

/** A writer for these field ids, or the ids framescope does not know (none is written then, as tshark refuses). */
export function fieldsWriter(ids: readonly string[], format: FieldsFormat = DEFAULT_FIELDS_FORMAT): FieldsWriterResult {
  const columns: Column[] = [];
  /** Field id → the columns (indexes) that show it. */
  const shownIn = new Map<string, number[]>();
  const unknown: string[] = [];
  for (const id of ids) {
    const found = columnFor(id);
    if (!found) unknown.push(id);
    else {
      for (const fieldId of found.fieldIds) shownIn.set(fieldId, [...(shownIn.get(fieldId) ?? []), columns.length]);
      columns.push(found.column);
    }
  }
  if (unknown.length > 0) return { ok: false, unknown };

  const { separator, aggregator, quote } = format;
  const cell = (values: readonly string[]): string => {
    if (values.length === 0) return '';
    const chosen =
      format.occurrence === 'first'
        ? values[0]!
        : format.occurrence === 'last'
          ? values.at(-1)!
          : values.join(aggregator);
    return `${quote}${chosen}${quote}`;
  };
  const bom = format.bom ? '\ufeff' : '';
  return {
    ok: true,
    writer: {
      header: format.header ? `${bom}${ids.join(separator)}\n` : bom,
      line: (frame) => {
        // Each column's fields in tree order, so that an alias lists them as tshark does (eth.addr: dst, then src).
        const byColumn: Field[][] = columns.map(() => []);
        if (shownIn.size > 0) {
          const visit = (fields: readonly Field[]) => {
            for (const f of fields) {
              for (const column of shownIn.get(f.id) ?? []) byColumn[column]!.push(f);
              if (f.children) visit(f.children);
            }
          };
          // A PDU reassembled into the frame counts as the frame's, as tshark writes its fields in that frame.
          for (const layer of allLayers(frame)) visit(layer.fields);
        }
        return `${columns.map((column, i) => cell(column(frame, byColumn[i]))).join(separator)}\n`;
      },
    },
  };
}
