// A display filter gives the same answer on a lean record (what the worker's filter pass dissects: `dissectLean` with
// only the filter's own `ids`) as on the tree frame (the frame on screen, read through `recordOf`), and both the answer
// it gives with every value of the frame at hand: every frame of several shared captures, reassembly on and off, for
// filters of every kind the language has.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import {
  dissectCaptureFrame,
  dissectCaptureLean,
  filterTarget,
  firstTimestamp,
  trackCaptureFrame,
} from '../../inputs/capture-frames';
import { recordOf } from '../record';
import { LeanWants } from '../sink';
import { createStreamTracker } from '../stream';
import { compileFilter, type CompiledFilter } from '.';

const CAPTURES = new URL('../../../../shared/captures/', import.meta.url);

/** Several captures between them: NULL and Ethernet links, IPv6, reassembly, RDP and TLS, gaps, malformed frames. */
const FILES = [
  'ndpi_s7comm.pcap',
  'ndpi_h323.pcap',
  'dina_pres_trace.pcap',
  'zeek_rdp-x509.pcap',
  'emreekin_wamp.pcap',
  'Sample_File_MMS_and_GOOSE.pcap',
  'Profinet_Failed.pcap',
  'zeek_rdp-to-ssl.pcap',
];

const FILTERS = [
  // Fields, aliases, address ranges and sets
  'tcp.port == 102',
  'tcp.srcport in {102 3389}',
  'tcp.port == 102 || tcp.port == 3389',
  'ip.addr == 192.168.0.0/16',
  'ip.src != 10.0.0.0/8',
  'ipv6.addr == fe80::/10',
  'eth.dst == ff:ff:ff:ff:ff:ff',
  'eth.addr contains 00:1b',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.len > 0 && tcp.len <= 100',
  'tpkt.length >= 7 and tpkt.length < 300',
  'tcp.options.mss_val >= 1400',
  'tcp.checksum.status == 2',
  'cotp.type == CC',
  'cotp.tpdu-number == 0',
  'cotp.eot == 0',
  'cotp.dst-tsap',
  'rdp.rt_cookie matches "mstshash"',
  // "!=" (every occurrence differs, and there is one) against "~=" (one differs) and negations
  'cotp.type == 0x0f',
  'cotp.type != 0x0f',
  'cotp.type ~= 0x0f',
  '!(cotp.type == 0x0f)',
  'tcp.port != 102',
  'tcp.port ~= 102',
  'not tcp.port == 102',
  // Protocols: present, absent, their bytes
  'tpkt',
  'cotp',
  '!cotp',
  'not tpkt && tcp',
  'ipv6',
  'tls',
  'rdp',
  'data',
  'tpkt contains 03:00',
  'cotp contains f0:80',
  'tcp contains "RDP"',
  'frame contains "Cookie"',
  'data.data contains 32:01',
  // Expert information
  '_ws.expert',
  '!_ws.expert',
  '_ws.expert.severity >= warning',
  '_ws.expert.severity == note',
  '_ws.expert.group == Sequence',
  '_ws.expert.group != Malformed',
  '_ws.expert.message contains "length"',
  '_ws.expert.message matches "reserved|not captured"',
  // Frame facts, alone and with fields
  'frame.protocols contains "cotp"',
  'frame.protocols matches "^(eth|null):ip:tcp$"',
  'frame.len > 100',
  'frame.cap_len < 60',
  'frame.number >= 10 && frame.number <= 20',
  'frame.time_relative > 1 && tcp',
  'frame.number > 5 and cotp.type == 0x0f',
];

const compiled: CompiledFilter[] = FILTERS.map((text) => {
  const result = compileFilter(text);
  if (!result.ok || !result.filter) throw new Error(`${text}: ${result.ok ? 'blank' : result.error.message}`);
  return result.filter;
});
/** Each filter's wants, made once (a lean pass makes one per run). */
const wants = compiled.map((f) => new LeanWants(f.ids));

/** Frames each filter matched, and frames checked, over every capture (the filters must not be trivially true or false). */
const matchCounts = new Map<string, number>();
let framesChecked = 0;

function sameAnswers(file: string, reassembly: boolean): number {
  const reader = readCapture(readFileSync(fileURLToPath(new URL(file, CAPTURES))));
  const start = firstTimestamp(reader);
  const count = reader.frameCount();
  let stream: { tracker: ReturnType<typeof createStreamTracker> } | undefined;
  if (reassembly) {
    const tracker = createStreamTracker();
    for (let n = 1; n <= count; n++) trackCaptureFrame(tracker, reader, n, start);
    tracker.finish();
    stream = { tracker };
  }
  framesChecked += count;
  for (let n = 1; n <= count; n++) {
    const tree = filterTarget(dissectCaptureFrame(reader, n, start, {}, stream)!, start);
    // The reference: the tree frame with every value, so a field missing from a filter's `ids` shows as a difference.
    const everything = { ...tree, frame: recordOf(tree.frame) };
    compiled.forEach((filter, i) => {
      const lean = filterTarget(dissectCaptureLean(reader, n, wants[i]!, {}, stream)!, start);
      const answer = filter.test(everything);
      const where = `${file} frame ${n}${reassembly ? '' : ' (no reassembly)'}: ${filter.text}`;
      expect(filter.test(lean), `${where}, lean`).toBe(answer);
      expect(filter.test(tree), `${where}, tree`).toBe(answer);
      if (answer) matchCounts.set(filter.text, (matchCounts.get(filter.text) ?? 0) + 1);
    });
  }
  return count;
}

describe('a filter on lean records answers as on the tree', { timeout: 120_000 }, () => {
  it.each(FILES)('%s: every frame, reassembly on and off', (file) => {
    expect(sameAnswers(file, true)).toBeGreaterThan(0);
    sameAnswers(file, false);
  });

  it('names the fields it reads, aliases expanded; protocols, frame facts and expert info need none', () => {
    const ids = (text: string) => {
      const result = compileFilter(text);
      return result.ok ? [...result.filter!.ids].sort() : result.error.message;
    };
    expect(ids('tcp.port == 102 && cotp.type == CC')).toEqual(['cotp.type', 'tcp.dstport', 'tcp.srcport']);
    expect(ids('ip.addr == 10.0.0.0/8 || !ipv6.src')).toEqual(['ip.dst', 'ip.src', 'ipv6.src']);
    expect(ids('cotp && !tpkt || frame contains 03:00')).toEqual([]);
    expect(ids('_ws.expert.severity >= warning && frame.protocols contains "cotp" && frame.len > 60')).toEqual([]);
  });

  // After the captures above (tests in a file run in order): the comparison must have meant something.
  it('every filter above matched some frames and not others', () => {
    expect(framesChecked).toBeGreaterThan(0);
    expect(FILTERS.filter((text) => (matchCounts.get(text) ?? 0) === 0)).toEqual([]);
    expect(FILTERS.filter((text) => matchCounts.get(text) === framesChecked)).toEqual([]);
  });
});
