// The frame framescope exists for: Microsoft KB Q151626's CONNECT CONFIRM, pasted as the article prints it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { dissectFrame, fieldPathAt, fieldsById, SCHEMA } from '.';
import type { Field, Frame } from './model';
import { invariantViolations } from './testing/invariants';

export const KB_FIXTURE = fileURLToPath(
  new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url),
);

function kbFrame(): Frame {
  const input = parseText(readFileSync(KB_FIXTURE, 'utf8'));
  expect(input.problems).toEqual([]);
  expect(input.frames).toHaveLength(1);
  return dissectFrame(input.frames[0]!.bytes, input.frames[0]!.linkType, 1);
}

const one = (frame: Frame, id: string): Field => {
  const found = fieldsById(frame, id);
  expect(found, id).toHaveLength(1);
  return found[0]!;
};

describe('KB Q151626 connect confirm', () => {
  const frame = kbFrame();

  it('decodes Ethernet › IPv4 › TCP › TPKT › COTP over all 98 bytes', () => {
    expect(frame.length).toBe(98);
    expect(frame.linkType).toBe(1);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(invariantViolations(frame)).toEqual([]);
  });

  it('has the TPKT reserved octet at 0x37 = 0x11 with a note (no rule is broken) that cites RFC 1006 §6 and RFC 1122 §1.2.2', () => {
    const reserved = one(frame, 'tpkt.reserved');
    expect(reserved).toMatchObject({ offset: 0x37, length: 1, value: 0x11, raw: '11' });
    expect(SCHEMA['tpkt.reserved']).toMatchObject({ reserved: true, cite: { doc: 'RFC 1006', section: '6' } });
    const [note] = reserved.problems!;
    expect(note).toMatchObject({
      severity: 'note',
      code: 'reserved-nonzero',
      fieldId: 'tpkt.reserved',
      offset: 0x37,
      cite: { doc: 'RFC 1006', section: '6' },
    });
    expect(note!.seeAlso).toEqual([expect.objectContaining({ doc: 'RFC 1122', section: '1.2.2' })]);
    expect(note!.message).toMatch(/no value and no processing/);
    expect(note!.message).toMatch(/receiver .* drops/);
  });

  it('has no problem of severity warning or error, and no other note', () => {
    expect(frame.problems.filter((p) => p.severity !== 'note')).toEqual([]);
    expect(frame.problems.map((p) => p.fieldId)).toEqual(['tpkt.reserved']);
  });

  it('verifies both checksums as correct', () => {
    const ip = one(frame, 'ip.checksum');
    expect(ip.value).toBe(0x040a);
    expect(ip.children?.[0]).toMatchObject({ id: 'ip.checksum_calculated', value: 0x040a, generated: true });
    const tcp = one(frame, 'tcp.checksum');
    expect(tcp.value).toBe(0x6073);
    expect(tcp.children?.[0]).toMatchObject({ id: 'tcp.checksum_calculated', value: 0x6073, generated: true });
  });

  it('has lengths that agree: IP total 84, TCP payload 44, TPKT 44, COTP LI 39', () => {
    expect(one(frame, 'ip.len').value).toBe(84);
    expect(one(frame, 'ip.hdr_len').value).toBe(20);
    expect(one(frame, 'tcp.len').value).toBe(44);
    expect(one(frame, 'tpkt.length').value).toBe(44);
    expect(one(frame, 'cotp.li').value).toBe(39);
  });

  it('decodes the CC fully', () => {
    expect(one(frame, 'cotp.type')).toMatchObject({ offset: 0x3b, value: 13 });
    expect(SCHEMA['cotp.type']!.mask).toBe(0xf0);
    expect(one(frame, 'cotp.cdt')).toMatchObject({ offset: 0x3b, value: 0 });
    expect(SCHEMA['cotp.cdt']!.mask).toBe(0x0f);
    expect(one(frame, 'cotp.destref')).toMatchObject({ offset: 0x3c, value: 0x01ca });
    expect(one(frame, 'cotp.srcref')).toMatchObject({ offset: 0x3e, value: 0x0029 });
    expect(one(frame, 'cotp.class')).toMatchObject({ offset: 0x40, value: 0 });
    for (const id of ['cotp.opts.reserved', 'cotp.opts.extended_formats', 'cotp.opts.no_explicit_flow_control']) {
      expect(one(frame, id)).toMatchObject({ offset: 0x40, value: 0 });
    }
    expect(SCHEMA['cotp.opts.reserved']).toMatchObject({ reserved: true, mask: 0x0c });
    expect(fieldsById(frame, 'cotp.parameter_code').map((f) => [f.offset, f.value])).toEqual([
      [0x41, 0xc1],
      [0x50, 0xc2],
      [0x5f, 0xc0],
    ]);
    expect(fieldsById(frame, 'cotp.parameter_length').map((f) => f.value)).toEqual([13, 13, 1]);
    expect(one(frame, 'cotp.src-tsap')).toMatchObject({ offset: 0x43, length: 13, value: 'SWISSLIFETSAP' });
    expect(one(frame, 'cotp.dst-tsap')).toMatchObject({ offset: 0x52, length: 13, value: 'EXCHANGETSAP1' });
    expect(one(frame, 'cotp.tpdu_size')).toMatchObject({ offset: 0x61, value: 2048, raw: '0b' });
  });

  it('finds the deepest field under a byte', () => {
    expect(fieldPathAt(frame, 0x41).map((f) => f.id)).toEqual(['cotp.parameter', 'cotp.parameter_code']);
    expect(fieldPathAt(frame, 0x37).map((f) => f.id)).toEqual(['tpkt.reserved']);
  });

  it('summarises the frame as a packet-list row', () => {
    expect(frame.summary).toEqual({
      source: '134.38.52.77',
      destination: '134.38.44.90',
      protocol: 'COTP',
      info: 'CC TPDU src-ref: 0x0029 dst-ref: 0x01ca',
    });
  });
});
