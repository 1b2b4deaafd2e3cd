// The lean sink against the tree sink, over the same dissector code: for every frame of every shared capture
// (reassembly on and off), the KB fixture, fixed-seed fuzz and the bench capture, `dissectLean` must give exactly
// the columns, problems, layer spans, stream facts and field values the tree frame gives (record.ts), recording every
// id and recording only the stream tracker's (where generated fields nobody watches are left out). This gates
// every change to a dissector or a sink: a bulk pass (index, filter, conversations, CLI summary) may then use the
// lean sink and show the same as the frame on screen.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { readCapture } from '../inputs/capture';
import { benchCapture } from '../../scripts/bench-capture';
import { dissectFrame, dissectLean } from './engine';
import { comparable, recordOf } from './record';
import { LeanWants, type FrameRecord } from './sink';
import { asLeanSees } from './testing/lean';
import { allSpecs } from './schema';
import { createStreamTracker, dissectWithStream, STREAM_WANTS } from './stream';
import { dissectWithStreamLean } from './stream/frame';
import { LINK_TYPES, mutationOf } from './testing/fuzz';
import type { DissectOptions } from './dissector';
import type { Frame } from './model';

const CAPTURES = fileURLToPath(new URL('../../../shared/captures/', import.meta.url));
const KB_TEXT = readFileSync(
  fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
  'utf8',
);

/** Every id any table declares: the lean pass records every field, so every value is compared. */
const EVERY_ID = new LeanWants(new Set(allSpecs().map((s) => s.id)));

/**
 * The lean record for `wants` against the tree's: every id, and the stream's few (a lean pass leaves out generated
 * fields it does not watch, LayerSink.watches: spans, problems and Info must not change).
 */
function same(tree: Frame, lean: (wants: LeanWants) => FrameRecord, what: string): void {
  for (const wants of [EVERY_ID, STREAM_WANTS]) {
    const record = lean(wants);
    const expected = asLeanSees(recordOf(tree, wants === EVERY_ID ? undefined : wants.ids), record);
    expect(comparable(record), what).toEqual(comparable(expected));
  }
}

function sameOnItsOwn(bytes: Uint8Array, linkType: number, number: number, options: DissectOptions = {}): void {
  const tree = dissectFrame(bytes, linkType, number, options);
  same(tree, (wants) => dissectLean(bytes, linkType, number, wants, options), `frame ${number}`);
}

/**
 * Every frame of a capture, reassembly on: the tracker's facts (and TCP's: tcp.stream, relative numbers, times), then
 * both sinks over them.
 */
function sameWithStream(file: Uint8Array, options: DissectOptions = {}): number {
  const reader = readCapture(file);
  const tracker = createStreamTracker(options);
  const count = reader.frameCount();
  for (let n = 1; n <= count; n++) {
    const bytes = reader.frameBytes(n)!;
    const stream = { tcp: tracker.tcp, time: n * 0.25 };
    tracker.push(dissectLean(bytes, reader.frame(n)!.linkType, n, STREAM_WANTS, options, undefined, stream), bytes);
  }
  tracker.finish();
  const bytesOf = (n: number) => reader.frameBytes(n);
  for (let n = 1; n <= count; n++) {
    const bytes = reader.frameBytes(n)!;
    const linkType = reader.frame(n)!.linkType;
    const facts = tracker.facts(n);
    const stream = { tcp: tracker.tcp, time: undefined };
    const tree = dissectWithStream(bytes, linkType, n, options, facts, bytesOf, stream);
    same(
      tree,
      (wants) => dissectWithStreamLean(bytes, linkType, n, options, facts, bytesOf, wants, stream),
      `frame ${n}`,
    );
  }
  return count;
}

describe('lean and tree sinks agree', { timeout: 120_000 }, () => {
  const captures = readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f));

  it('finds the shared captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of captures) {
    it(`${name}: every frame, reassembly on and off`, { timeout: 120_000 }, () => {
      const file = readFileSync(CAPTURES + name);
      const frames = sameWithStream(file);
      const reader = readCapture(file);
      for (let n = 1; n <= frames; n++) sameOnItsOwn(reader.frameBytes(n)!, reader.frame(n)!.linkType, n);
    });
  }

  it('the KB frame, with every COTP format and checksum mode', () => {
    const { bytes, linkType } = parseText(KB_TEXT).frames[0]!;
    for (const cotpFormat of ['auto', 'normal', 'extended'] as const)
      for (const checksums of ['auto', 'on', 'off'] as const)
        sameOnItsOwn(bytes, linkType ?? 1, 1, { cotpFormat, checksums });
  });

  it('the bench capture (20 000 frames of the same generator), reassembly on', { timeout: 120_000 }, () => {
    expect(sameWithStream(benchCapture(20_000).bytes)).toBe(20_000);
  });

  it('fixed-seed fuzz: random bytes on every link type, and mutations of the KB frame', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...LINK_TYPES), (bytes, linkType) => {
        sameOnItsOwn(bytes, linkType, 1);
      }),
      { seed: 20261205, numRuns: 1500 },
    );
    const kb = parseText(KB_TEXT).frames[0]!.bytes;
    fc.assert(
      fc.property(mutationOf(kb), (bytes) => {
        sameOnItsOwn(bytes, 1, 1);
      }),
      { seed: 20261205, numRuns: 1500 },
    );
  });
});
