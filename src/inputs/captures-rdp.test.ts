// Normal RDP traffic decoded for what it is, on every shared capture with RDP (../shared/captures, MANIFEST.md), with
// reassembly on: after the X.224 negotiation chose TLS or CredSSP, every byte is a TLS record — the same records, of
// the same content types, in the same frames as tshark told to read those conversations as TLS
// (__fixtures__/rdp-tls-records.tsv, made by rdp-tls-records.sh) — and on Standard RDP Security the fast-path PDUs
// are decoded as such. No frame says its bytes are undecoded or "not TPKT".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Field, Frame } from '../dissect/model';
import { reassembledFrames } from './testing/reassembled';

const capture = (name: string) =>
  reassembledFrames(readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url)));

const RDP_CAPTURES = [
  'zeek_rdp-to-ssl.pcap',
  'zeek_rdp-x509.pcap',
  'zeek_rdp-no-cookie-mstshash.pcap',
  'suricata_RDP-003.pcap',
  'ndpi_rdp.pcap',
  'ndpi_rdp3.pcap',
  'LM_rdp_sharprdp.pcapng',
  'windows_miscellany.pcap.gz',
];

/** capture → frame → tshark's content types ("22,20,22"). */
function expected(): Map<string, Map<number, string>> {
  const text = readFileSync(new URL('__fixtures__/rdp-tls-records.tsv', import.meta.url), 'utf8');
  const out = new Map<string, Map<number, string>>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, frame, types] = line.split('\t');
    if (!out.has(name!)) out.set(name!, new Map());
    out.get(name!)!.set(Number(frame), types!);
  }
  return out;
}

function collect(fields: readonly Field[], id: string, into: number[]): void {
  for (const f of fields) {
    if (f.id === id && typeof f.value === 'number') into.push(f.value);
    if (f.children) collect(f.children, id, into);
  }
}

/** frame → its TLS content types in wire order: a record completed here from earlier segments first, as tshark lists it. */
function tlsTypes(all: readonly Frame[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const frame of all) {
    const types: number[] = [];
    for (const layer of [...(frame.sources ?? []).flatMap((s) => s.layers), ...frame.layers])
      if (layer.protocol === 'tls') collect(layer.fields, 'tls.record.content_type', types);
    if (types.length > 0) out.set(frame.number, types.join(','));
  }
  return out;
}

describe('RDP on the shared captures: TLS records and fast-path PDUs, decoded for what they are', () => {
  const tshark = expected();
  for (const name of RDP_CAPTURES) {
    it(
      `${name}: the TLS records tshark finds, frame by frame; nothing "undecoded" or "not TPKT"`,
      { timeout: 120_000 },
      () => {
        const all = capture(name);
        expect(Object.fromEntries(tlsTypes(all))).toEqual(Object.fromEntries(tshark.get(name) ?? new Map()));
        const odd = all.flatMap((f) =>
          f.problems
            .filter((p) => p.code === 'undecoded' || /not TPKT|fast-path/i.test(p.message))
            .map((p) => `frame ${f.number}: ${p.message}`),
        );
        expect(odd).toEqual([]);
      },
    );
  }

  it('suricata_RDP-003.pcap (Standard RDP Security): fast-path input and update PDUs, whole or reassembled', () => {
    const all = capture('suricata_RDP-003.pcap');
    const fastPath = (f: Frame) =>
      [...f.layers, ...(f.sources ?? []).flatMap((s) => s.layers)].filter(
        (l) => l.protocol === 'rdp' && l.fields.some((x) => x.id === 'rdp.fastpath.header'),
      );
    const inputs = all.filter((f) => fastPath(f).some((l) => l.summary.includes('Input')));
    const updates = all.filter((f) => fastPath(f).some((l) => l.summary.includes('Update')));
    expect(inputs.length).toBeGreaterThan(50);
    expect(updates.length).toBeGreaterThan(50);
    // Frames 105 and 106 carry one update of 1525 bytes (c0 85 f5): decoded once, in 106, from both segments.
    const f106 = all[105]!;
    expect(f106.sources?.map((s) => [s.kind, s.length])).toEqual([['rdp-fastpath', 1525]]);
    expect(all[104]!.reassembledIn).toEqual([{ kind: 'rdp-fastpath', offset: 54, length: 1260, frame: 106 }]);
    expect(f106.summary.info).toMatch(/Fast-Path Update PDU, encrypted/);
  });
});
