// The conversation view's TPDU list: a TPKT whole in its frame is listed from the frame's own dissection and described
// (Info, problems) only when the conversations are read (describeTimeline); a TPKT from several segments at once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectLean } from '../engine';
import type { FrameRecord } from '../sink';
import { benchCapture } from '../../../scripts/bench-capture';
import { createStreamTracker, STREAM_WANTS, type TpduEntry } from './index';
import { describeTimeline } from './timeline';

const CAPTURES = [
  'dina_cotp.pcap',
  'S7-1511_db2_var1_HMI.pcap',
  's7comm_reading_plc_status.pcap',
  'LM_rdp_sharprdp.pcapng',
];

function follow(bytes: Uint8Array, describeAfter: boolean) {
  const reader = readCapture(bytes);
  const tracker = createStreamTracker({ reassembly: false });
  const records: FrameRecord[] = [];
  for (let n = 1; n <= reader.frameCount(); n++) {
    const frame = reader.frameBytes(n)!;
    const record = dissectLean(frame, reader.frame(n)!.linkType, n, STREAM_WANTS, { reassembly: false }, undefined, {
      tcp: tracker.tcp,
      time: undefined,
    });
    records.push(record);
    tracker.push(record, frame, n);
  }
  tracker.finish();
  if (describeAfter) describeTimeline(tracker.conversations(), (n) => reader.frameBytes(n), { reassembly: false });
  return { records, tpdus: tracker.conversations().flatMap((c) => c.tpdus) };
}

/** Frames holding exactly one TPKT with one TPDU, none other decoded: their entry's Info is the frame's Info. */
function alone(records: readonly FrameRecord[], tpdus: readonly TpduEntry[]) {
  const once = tpdus.filter((t, i) => tpdus[i - 1]?.frame !== t.frame && tpdus[i + 1]?.frame !== t.frame);
  return once.filter((t) => {
    const layers = records[t.frame - 1]!.layers;
    return (
      layers.filter((l) => l.protocol === 'tpkt').length === 1 &&
      layers.filter((l) => l.protocol === 'cotp').length === 1
    );
  });
}

describe('the conversation timeline', { timeout: 120_000 }, () => {
  for (const name of CAPTURES)
    it(`${name}: every TPDU listed is described once the conversations are read, its Info the frame's own`, () => {
      const { records, tpdus } = follow(
        readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)),
        true,
      );
      expect(tpdus.length).toBeGreaterThan(0);
      // A TPDU always has an Info (a TPKT holding none may have none: H.323's TPKT carries Q.931 framescope lists as TPKT).
      for (const t of tpdus) if (t.type !== 'TPKT') expect(t.info, `frame ${t.frame}`).not.toBe('');
      const single = alone(records, tpdus);
      expect(single.length).toBeGreaterThan(0);
      for (const t of single) expect(t.info, `frame ${t.frame}`).toBe(records[t.frame - 1]!.summary.info);
    });

  it('lists two TPKTs of one segment as two entries, each described by its own TPKT', () => {
    const { tpdus } = follow(benchCapture(40).bytes, true);
    expect(tpdus.filter((t) => t.frame === 5).map((t) => [t.type, t.info, t.eot])).toEqual([
      ['DT', 'DT TPDU (0) EOT', true],
      ['DT', 'DT TPDU (0) EOT', true],
    ]);
  });

  it('before the conversations are read, a TPKT whole in its frame is listed by type only: nothing dissected twice', () => {
    const { tpdus } = follow(benchCapture(40).bytes, false);
    expect(tpdus.slice(0, 3).map((t) => [t.type, t.info])).toEqual([
      ['CR', ''],
      ['CC', ''],
      ['DT', ''],
    ]);
  });
});
