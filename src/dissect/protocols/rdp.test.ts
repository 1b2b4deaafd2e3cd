// RDP's X.224 connection negotiation (MS-RDPBCGR 2.2.1.1, 2.2.1.2); cotp.test.ts has the cookie, request, response and
// failure decodes.
import { describe, expect, it } from 'vitest';
import { decodeChecked, firstField as first } from '../testing/checked';
import { cotp, isoOnTcp, tpkt } from '../testing/frames';

const TO_SERVER = { srcport: 50000, dstport: 3389 };
/** RDP_NEG_REQ with CORRELATION_INFO_PRESENT, asking for TLS and CredSSP. */
const NEG_REQ = [0x01, 0x08, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00];
const correlationInfo = (reserved = 0) => [
  0x06,
  0x00,
  0x24,
  0x00,
  ...Array.from({ length: 16 }, (_, i) => i + 1),
  ...Array.from({ length: 16 }, (_, i) => (i === 15 ? reserved : 0)),
];
const cr = (variable: number[]) => isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 0, 0, ...variable])), TO_SERVER);

describe('RDP_NEG_CORRELATION_INFO (MS-RDPBCGR 2.2.1.1.2)', () => {
  it('decodes the correlation info after the request, its reserved bytes zero', () => {
    const frame = decodeChecked(cr([...NEG_REQ, ...correlationInfo()]));
    const rdp = frame.layers.find((l) => l.protocol === 'rdp')!;
    expect(rdp.fields.map((f) => f.display)).toEqual([
      'RDP Negotiation Request: 0x00000003',
      'RDP Correlation Info: 00000000000000000000000000000000',
    ]);
    expect(first(frame, 'rdp.correlationInfo.correlationId').raw).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(frame.problems).toEqual([]);
  });
  it('warns on reserved bytes that are not zero, on the reserved field', () => {
    const frame = decodeChecked(cr([...NEG_REQ, ...correlationInfo(0x01)]));
    expect(first(frame, 'rdp.correlationInfo.reserved').problems).toMatchObject([
      { severity: 'warning', code: 'reserved-nonzero', fieldId: 'rdp.correlationInfo.reserved' },
    ]);
  });
  it('leaves a correlation info cut short by the X.224 header as undecoded bytes, and does not fail', () => {
    const frame = decodeChecked(cr([...NEG_REQ, ...correlationInfo().slice(0, 20)]));
    expect(frame.problems.filter((p) => p.code === 'internal-error')).toEqual([]);
    const rdp = frame.layers.find((l) => l.protocol === 'rdp')!;
    expect(rdp.fields.map((f) => f.id)).toEqual(['rdp.negotiation', 'rdp.undecoded']);
    expect(first(frame, 'rdp.undecoded').length).toBe(20);
  });
});
