// Reassembly on the shared captures (../shared/captures, MANIFEST.md): framescope, following each TCP conversation,
// decodes as many COTP TPDUs as tshark with its reassembly on (-2), and the same ones: the same TPDU types in the
// same frames. A TPKT split across segments is decoded in the frame where it completes, as tshark does; a segment
// captured twice (zeek_rdp-no-cookie-mstshash.pcap has every packet twice) is a retransmission, decoded once.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numberOf } from '../dissect/build';
import { createStreamTracker } from '../dissect/stream';
import { readCapture } from './capture';
import { dissectCaptureFrame, firstTimestamp, trackCaptureFrame } from './capture-frames';

const DIR = new URL('../../../shared/captures/', import.meta.url);
const path = (name: string) => new URL(name, DIR).pathname;
const TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const CAPTURES = readdirSync(DIR)
  .filter((n) => /\.(pcap|pcapng|gz)$/.test(n))
  .sort();

/** frame number → COTP TPDU types ("0x0f"), reassembly on; and the frames completing a TPKT or a TSDU. */
function framescope(name: string) {
  const reader = readCapture(readFileSync(path(name)));
  const start = firstTimestamp(reader);
  const tracker = createStreamTracker();
  for (let n = 1; n <= reader.frameCount(); n++) trackCaptureFrame(tracker, reader, n, start);
  tracker.finish();
  const types = new Map<number, string>();
  const tpktSources: number[] = [];
  const tsduSources: number[] = [];
  for (let n = 1; n <= reader.frameCount(); n++) {
    const frame = dissectCaptureFrame(reader, n, start, {}, { tracker })!.frame;
    const list: string[] = [];
    for (const layer of [...frame.layers, ...(frame.sources ?? []).flatMap((s) => s.layers)]) {
      const type = layer.protocol === 'cotp' ? numberOf(layer.fields, 'cotp.type') : undefined;
      if (type !== undefined) list.push(`0x${type.toString(16).padStart(2, '0')}`);
    }
    if (list.length > 0) types.set(n, list.join(','));
    if (frame.sources?.some((s) => s.kind === 'tpkt')) tpktSources.push(n);
    if (frame.sources?.some((s) => s.kind === 'tsdu')) tsduSources.push(n);
  }
  return { types, tpktSources, tsduSources, tracker };
}

/** One tshark -2 pass: per frame, its COTP types, and whether it holds a TPKT reassembled from TCP segments or a TSDU. */
function tshark(name: string) {
  const args = [
    '-2',
    '-r',
    path(name),
    '-T',
    'fields',
    '-e',
    'frame.number',
    '-e',
    'cotp.type',
    '-e',
    'tcp.segment.count',
    '-e',
    'tpkt.length',
    '-e',
    'cotp.segment.count',
  ];
  const out = execFileSync('tshark', args, {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const types = new Map<number, string>();
  const tpktSources: number[] = [];
  const tsduSources: number[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [n, type, tcpSegments, tpktLength, cotpSegments] = line.split('\t');
    const number = Number(n);
    if (type) types.set(number, type);
    if (tcpSegments && tpktLength) tpktSources.push(number);
    if (cotpSegments) tsduSources.push(number);
  }
  return { types, tpktSources, tsduSources };
}

describe.skipIf(!TSHARK)('reassembly on the shared captures, against tshark -2', { timeout: 120_000 }, () => {
  for (const name of CAPTURES) {
    it(`${name}: the same COTP TPDUs in the same frames; TPKTs and TSDUs reassembled in the same frames`, () => {
      const ours = framescope(name);
      const theirs = tshark(name);
      expect(Object.fromEntries(ours.types)).toEqual(Object.fromEntries(theirs.types));
      expect(ours.tpktSources).toEqual(theirs.tpktSources);
      expect(ours.tsduSources).toEqual(theirs.tsduSources);
    });
  }

  it('zeek_rdp-no-cookie-mstshash.pcap: every packet captured twice, each second copy a retransmission decoded once', () => {
    const { tracker, types } = framescope('zeek_rdp-no-cookie-mstshash.pcap');
    expect([...types.values()]).toEqual(['0x0e', '0x0d']);
    const retransmissions = tracker
      .conversations()
      .flatMap((c) => c.events)
      .filter((e) => e.code === 'retransmission');
    expect(retransmissions.length).toBeGreaterThan(0);
  });
});
