// The stream layer reads lean records (STREAM_IDS): fed each frame's lean record, the tracker must learn exactly what
// it learns from the tree frame seen as a record (record.ts) — the same facts for every frame, the same conversations,
// TPDU lists and events — on shared captures with TPKTs split across segments, TSDUs, retransmissions, and RDP
// conversations that turn to TLS.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectFrame, dissectLean } from '../engine';
import { recordOf } from '../record';
import type { FrameRecord } from '../sink';
import { createStreamTracker, STREAM_WANTS, type TrackerUse } from './index';

const CAPTURES = [
  'emreekin_wamp.pcap',
  'S7-1511_db2_var1_HMI.pcap',
  'ndpi_h323.pcap',
  'zeek_rdp-x509.pcap',
  'zeek_rdp-no-cookie-mstshash.pcap',
  'LM_rdp_sharprdp.pcapng',
];

type Dissect = (bytes: Uint8Array, linkType: number, n: number) => FrameRecord;

function follow(name: string, use: TrackerUse, dissect: Dissect): unknown {
  const reader = readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
  const tracker = createStreamTracker({}, undefined, use);
  const count = reader.frameCount();
  for (let n = 1; n <= count; n++)
    tracker.push(dissect(reader.frameBytes(n)!, reader.frame(n)!.linkType, n), reader.frameBytes(n)!, n);
  tracker.finish();
  const facts = Array.from({ length: count }, (_, i) => tracker.facts(i + 1));
  return { facts, conversations: tracker.conversations() };
}

const lean: Dissect = (bytes, linkType, n) => dissectLean(bytes, linkType, n, STREAM_WANTS);
/** The tree frame with every value: an id the tracker reads but STREAM_IDS lacks makes the two differ. */
const tree: Dissect = (bytes, linkType, n) => recordOf(dissectFrame(bytes, linkType, n));

describe('the stream tracker on lean records', { timeout: 120_000 }, () => {
  for (const name of CAPTURES)
    for (const use of [
      { timeline: true, keepBytes: false },
      { timeline: false, keepBytes: true },
    ])
      it(`${name}, timeline ${use.timeline ? 'on' : 'off'}: the same facts and conversations as from the tree`, () => {
        const got = follow(name, use, lean);
        expect(got).toEqual(follow(name, use, tree));
        // Something to agree on: every one of these captures has frames the stream has something to say about.
        expect((got as { facts: unknown[] }).facts.some((f) => f !== undefined)).toBe(true);
      });
});
