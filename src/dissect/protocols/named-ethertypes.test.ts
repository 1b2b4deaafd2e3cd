// EtherTypes framescope names but does not decode, on real frames: GOOSE (Sample_File_MMS_and_GOOSE.pcap), PTP and an
// Intel ANS probe (ge_multilin_GOOSE_and_MMS.pcapng), LLDP (Profinet_Failed.pcap). tshark 4.0.17's Protocol column
// for each: GOOSE, PTPv2, Intel ANS probe, LLDP.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { compileFilter } from '../filter';
import { decodeChecked, firstField } from '../testing/checked';
import { ethernetFrame } from '../testing/frames';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));

describe('EtherTypes named, not decoded', () => {
  it.each([
    ['Sample_File_MMS_and_GOOSE.pcap', 39, 'goose', 'GOOSE', 'IEC 61850/GOOSE (0x88b8)'],
    ['ge_multilin_GOOSE_and_MMS.pcapng', 3, 'ptp', 'PTPv2', 'PTPv2 over Ethernet (IEEE1588) (0x88f7)'],
    ['ge_multilin_GOOSE_and_MMS.pcapng', 12, 'ans', 'Intel ANS probe', 'Intel ANS probe (0x886d)'],
    ['Profinet_Failed.pcap', 2, 'lldp', 'LLDP', '802.1 Link Layer Discovery Protocol (LLDP) (0x88cc)'],
  ])(
    '%s frame %i: a field-less %s layer named %s in the Protocol column, its payload as data',
    (file, n, protocol, column, type) => {
      const frame = decodeChecked(capture(file).frameBytes(n)!);
      expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', protocol, 'data']);
      expect(frame.layers[1]).toMatchObject({ length: 0, fields: [] });
      expect(frame.layers[2]).toMatchObject({ offset: 14, length: frame.length - 14 });
      expect(frame.summary.protocol).toBe(column);
      expect(firstField(frame, 'eth.type').display).toBe(type);
      expect(frame.problems).toEqual([]);
    },
  );

  it('PROFINET: PN-RT, whatever service its frame ID names (tshark: PNIO, PN-DCP, PN-PTCP …)', () => {
    const frame = decodeChecked(ethernetFrame([0xfe, 0xfe, 5, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0xff, 0xff, 0, 0], 0x8892));
    expect(frame.summary).toMatchObject({ protocol: 'PN-RT', info: 'PROFINET Real-Time Protocol' });
  });

  it('each name is a protocol the display filter knows', () => {
    for (const name of ['goose', 'sv', 'pn_rt', 'pn_mrp', 'lldp', 'ptp', 'ecat', 'eapol', 'ans'])
      expect(compileFilter(name).ok, name).toBe(true);
  });
});
