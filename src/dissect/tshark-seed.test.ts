// framescope against tshark 4.0.17 on the KB frame (../shared/reference/seed-tshark.json, `tshark -T json -x`):
// every field both decoders have must agree in offset, length and value. Where they differ on purpose, the
// difference is listed here and in docs/wireshark-differences.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { dissectFrame, walkFields } from '.';
import type { Field } from './model';

const SEED = fileURLToPath(new URL('../../../shared/reference/seed-tshark.json', import.meta.url));
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

/** tshark fields we deliberately do not have, and why. */
const NOT_IN_FRAMESCOPE: Record<string, string> = {
  'eth.addr': 'a filter alias for either address, not a field of the frame',
  'eth.dst_resolved': 'name resolution needs an OUI database; framescope shows addresses as on the wire',
  'eth.src_resolved': 'as eth.dst_resolved',
  'eth.addr_resolved': 'as eth.dst_resolved',
  'eth.dst.oui': 'not separated yet; the LG/IG bits are',
  'eth.src.oui': 'as eth.dst.oui',
  'eth.addr.oui': 'as eth.dst.oui',
  'eth.dst.oui_resolved': 'name resolution',
  'eth.src.oui_resolved': 'name resolution',
  'eth.addr.oui_resolved': 'name resolution',
  'eth.lg': 'alias of eth.dst.lg/eth.src.lg',
  'eth.ig': 'alias of eth.dst.ig/eth.src.ig',
  'eth.stream': 'conversation index, a capture-wide notion',
  'ip.addr': 'filter alias',
  'ip.host': 'filter alias',
  'ip.src_host': 'name resolution',
  'ip.dst_host': 'name resolution',
  'ip.stream': 'conversation index',
  'tcp.port': 'filter alias',
  'tcp.completeness': 'conversation state',
  'tcp.flags.res': "RFC 9293 has four reserved bits: framescope's tcp.reserved (mask 0x0f of octet 12)",
  'tcp.flags.ae': 'Accurate ECN is an experimental draft; RFC 9293 counts this bit as reserved (tcp.reserved)',
  'tcp.flags.str': 'display string only',
  'tcp.payload': 'framescope hands the payload to TPKT instead of showing it twice',
  'tcp.pdu.size': 'reassembly bookkeeping',
  'cotp.src-tsap-bytes': 'the same bytes as cotp.src-tsap; framescope keeps one field with exact raw bytes',
  'cotp.dst-tsap-bytes': 'as cotp.src-tsap-bytes',
};

/** Fields both have whose span or value differ by design. */
const DIFFERENT: Record<string, string> = {
  ...Object.fromEntries(
    ['eth.dst.lg', 'eth.dst.ig', 'eth.src.lg', 'eth.src.ig'].map((id) => [
      id,
      'framescope spans the one octet that holds the bit (mask 0x02 / 0x01); Wireshark the 3-octet OUI (mask 0x020000 / 0x010000)',
    ]),
  ),
  'tcp.flags':
    'Wireshark spans octets 12-13 with mask 0x0fff (its 12 "flags" include the reserved bits); RFC 9293 has 8 control bits in octet 13',
};

function flattenTshark(
  layers: Record<string, unknown>,
): Map<string, { raw: string; offset: number; length: number; mask: number; value: string }> {
  const out = new Map<string, { raw: string; offset: number; length: number; mask: number; value: string }>();
  const visit = (obj: Record<string, unknown>) => {
    for (const [key, v] of Object.entries(obj)) {
      if (key.endsWith('_raw') && Array.isArray(v)) {
        const id = key.slice(0, -4);
        const [raw, offset, length, mask] = v as [string, number, number, number];
        const value = obj[id];
        if (typeof value === 'string') out.set(id, { raw, offset, length, mask, value });
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        visit(v as Record<string, unknown>);
      }
    }
  };
  visit(layers);
  return out;
}

describe('framescope vs tshark 4.0.17 on the KB frame', () => {
  const seed = JSON.parse(readFileSync(SEED, 'utf8')) as {
    _source: { layers: Record<string, Record<string, unknown>> };
  }[];
  const { frame_raw: _frameRaw, frame: _frame, ...protocolLayers } = seed[0]!._source.layers;
  const tshark = flattenTshark(protocolLayers);
  const input = parseText(readFileSync(KB, 'utf8'));
  const frame = dissectFrame(input.frames[0]!.bytes, 1, 1);
  const ours = new Map<string, Field[]>();
  walkFields(frame, (f) => ours.set(f.id, [...(ours.get(f.id) ?? []), f]));

  it('has every tshark field, or says why not', () => {
    const missing = [...tshark.keys()].filter(
      (id) => !ours.has(id) && !(id in NOT_IN_FRAMESCOPE) && !id.endsWith('_raw'),
    );
    expect(missing).toEqual([]);
  });

  it('agrees on offset, length and value of every shared field', () => {
    const disagreements: string[] = [];
    for (const [id, ws] of tshark) {
      const candidates = ours.get(id);
      if (!candidates || id in DIFFERENT) continue;
      // tshark -T json keeps only the last of repeated keys (cotp.parameter_code ×3): match by offset.
      const mine = candidates.find((f) => f.offset === ws.offset);
      if (!mine) {
        disagreements.push(
          `${id}: tshark at offset ${ws.offset}, framescope at ${candidates.map((c) => c.offset).join(', ')}`,
        );
        continue;
      }
      if (mine.length !== ws.length) disagreements.push(`${id}: length ${mine.length} vs tshark ${ws.length}`);
      const wsValue = /^0x[0-9a-f]+$/i.test(ws.value)
        ? parseInt(ws.value, 16)
        : /^-?\d+$/.test(ws.value)
          ? Number(ws.value)
          : ws.value;
      if (mine.value !== wsValue)
        disagreements.push(`${id}: value ${JSON.stringify(mine.value)} vs tshark ${JSON.stringify(wsValue)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('lists only real differences: each DIFFERENT field does differ', () => {
    for (const id of Object.keys(DIFFERENT)) {
      const ws = tshark.get(id)!;
      const mine = ours.get(id)![0]!;
      expect(mine.offset !== ws.offset || mine.length !== ws.length, id).toBe(true);
    }
  });
});
