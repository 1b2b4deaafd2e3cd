// The CLI's one-pass reassembly (src/dissect/stream/in-order.ts) against the app's two passes (every frame through
// the tracker first, then each frame dissected with its facts and any frame's bytes at hand): on every shared capture
// (../shared/captures) each frame comes out the same, field for field — the "completed in frame N" of an earlier
// segment included — in capture order, although the one pass lets each frame's bytes go once it is written.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInOrderStream, STREAM_IDS, type InOrderUse } from '../dissect/stream';
import type { Frame } from '../dissect/model';
import type { FrameRecord } from '../dissect/sink';
import { comparable, recordOf } from '../dissect/record';
import { asLeanSees } from '../dissect/testing/lean';
import { readCapture } from './capture';
import { firstTimestamp, secondsSince } from './capture-frames';
import { reassembledFrames } from './testing/reassembled';

const DIR = new URL('../../../shared/captures/', import.meta.url);
const CAPTURES = readdirSync(DIR)
  .filter((n) => /\.(pcap|pcapng|gz)$/.test(n))
  .sort();

/** Each frame as the one pass writes it: with its fields, and lean. */
interface Written {
  readonly item: number;
  readonly frame: Frame;
  readonly record: FrameRecord;
}

function onePass(name: string, use: InOrderUse = {}, last?: number): Written[] {
  const reader = readCapture(readFileSync(new URL(name, DIR)));
  const start = firstTimestamp(reader);
  const stream = createInOrderStream<number>({}, use);
  const released = [];
  for (let n = 1; n <= (last ?? reader.frameCount()); n++) {
    // A copy, dropped by the test once handed over: the one pass must not read any frame's bytes back.
    const bytes = reader.frameBytes(n)!.slice();
    released.push(...stream.push(n, reader.frame(n)!.linkType, bytes, secondsSince(reader.frame(n)!.time, start), n));
  }
  released.push(...stream.finish());
  return released.map((r) => ({ item: r.item, frame: stream.tree(r), record: stream.record(r) }));
}

describe('reassembly in one pass, as the CLI streams a file', { timeout: 120_000 }, () => {
  for (const name of CAPTURES) {
    it(`${name}: every frame as after two passes, in order`, () => {
      const expected = reassembledFrames(readFileSync(new URL(name, DIR)));
      const got = onePass(name);
      expect(got.map((g) => g.item)).toEqual(expected.map((f) => f.number));
      got.forEach((g, i) => {
        expect(g.frame, `frame ${i + 1}`).toEqual(expected[i]);
        expect(comparable(g.record), `frame ${i + 1}, lean`).toEqual(
          comparable(asLeanSees(recordOf(expected[i]!, STREAM_IDS), g.record)),
        );
      });
    }, 120_000); // the largest capture is 10 171 frames, dissected four times
  }

  for (const name of ['emreekin_wamp.pcap', 'zeek_rdp-x509.pcap'])
    it(`${name}: the same when every frame is dissected into a tree from the start (-V, --json)`, () => {
      const expected = reassembledFrames(readFileSync(new URL(name, DIR)));
      onePass(name, { trees: true }).forEach((g, i) => {
        expect(g.frame, `frame ${i + 1}`).toEqual(expected[i]);
        expect(comparable(g.record), `frame ${i + 1}, lean`).toEqual(
          comparable(asLeanSees(recordOf(expected[i]!, STREAM_IDS), g.record)),
        );
      });
    });

  it('a capture that ends inside a TPKT: its captured bytes decoded in the frame holding the last of them, both ways', () => {
    // ge_multilin_GOOSE_and_MMS.pcapng read to frame 138: the TPKT begun in frame 134 completes in frame 141.
    const name = 'ge_multilin_GOOSE_and_MMS.pcapng';
    const expected = reassembledFrames(readFileSync(new URL(name, DIR)), 138);
    const got = onePass(name, {}, 138);
    got.forEach((g, i) => expect(g.frame, `frame ${i + 1}`).toEqual(expected[i]));
    for (const n of [134, 135, 137])
      expect(expected[n - 1]!.summary.info).toMatch(/\[TPKT segment, incomplete, decoded in frame 138\]$/);
    const last = expected[137]!;
    expect(last.sources?.[0]?.name).toMatch(/^Incomplete TPKT \(4 segments, \d+ of \d+ bytes: the capture ends/);
    expect(last.sources?.[0]?.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp']);
    expect(last.problems.filter((p) => p.source === 0).map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual([
      'note truncated tpkt.length',
    ]);
  });

  it('holds back at most the frames it is allowed to: past that the oldest is written as tshark one pass writes it', () => {
    // emreekin_wamp.pcap has TPKTs split across segments and TSDUs over several DT TPDUs (MANIFEST.md).
    const name = 'emreekin_wamp.pcap';
    const expected = reassembledFrames(readFileSync(new URL(name, DIR)));
    const got = onePass(name, { hold: 0 });
    expect(got.map((g) => g.item)).toEqual(expected.map((f) => f.number));
    const differ = got
      .map((g, i) => ({ got: g.frame, want: expected[i]! }))
      .filter((d) => JSON.stringify(d.got) !== JSON.stringify(d.want));
    expect(differ.length).toBeGreaterThan(0);
    for (const d of differ) {
      // Only what a later frame would have told it is missing: where its bytes were reassembled.
      expect(d.got.reassembledIn).toBeUndefined();
      expect(d.want.reassembledIn?.length).toBeGreaterThan(0);
    }
    const notYet = (f: Frame) =>
      f.layers.some((l) => l.fields.some((x) => x.display?.includes('part of a TPKT not completed yet')));
    expect(differ.some((d) => notYet(d.got) && !notYet(d.want))).toBe(true);
  });
});
