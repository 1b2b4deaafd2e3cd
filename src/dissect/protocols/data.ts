// Bytes no dissector claimed: shown as Wireshark's "data" protocol, so nothing is hidden.
import { cite } from '../cite';
import { field } from '../build';
import type { Field } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { Bytes } from '../reader';
import type { FieldRef, LayerSink } from '../sink';

const DATA: FieldSpec = {
  id: 'data.data',
  label: 'Data',
  kind: 'bytes',
  cite: cite('RFC 9293', '3.1'),
  meaning:
    'Payload no framescope dissector decodes (the protocol above is not one framescope knows, or the port is not in its dispatch table).',
};

export const DATA_TABLE: ProtocolTable = { protocol: 'data', name: 'Data', fields: [DATA], layouts: [] };

/** Bytes as one `data.data` field on a sink. */
export function emitData(out: LayerSink, start: number, end: number): FieldRef {
  return out.field(DATA, start, end - start, out.tree ? { display: `${end - start} bytes` } : undefined);
}

export function dataField(bytes: Bytes, start: number, end: number): Field {
  return field(DATA, bytes, start, end - start, { display: `${end - start} bytes` });
}
