// Every TCP frame of every shared capture (../shared/captures) against tshark 4.0.17 with its default preferences,
// framescope with its own (reassembly on, as the CLI streams a file): tcp.stream, tcp.seq, tcp.ack (ACK set) and
// tcp.nxtseq agree on every frame, and the Info column on every frame whose top protocol is TCP and that carries no
// payload (pure ACKs, the handshake, FIN, RST), once tshark's sequence-analysis prefixes ("[TCP Dup ACK 26#1] ",
// tcp-analysis.ts's part) are set aside. Skipped where tshark is missing.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { firstTimestamp, secondsSince } from '../../inputs/capture-frames';
import { LeanWants, type FrameRecord } from '../sink';
import { createInOrderStream } from './in-order';
import { STREAM_IDS } from './ids';

const TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const DIR = new URL('../../../../shared/captures/', import.meta.url);
const CAPTURES = readdirSync(DIR)
  .filter((n) => /\.(pcap|pcapng|gz)$/.test(n))
  .sort();
const IDS = ['tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.nxtseq'] as const;
const WANTS = new LeanWants(new Set([...STREAM_IDS, ...IDS]));

function framescope(name: string): Map<number, FrameRecord> {
  const reader = readCapture(readFileSync(new URL(name, DIR)));
  const start = firstTimestamp(reader);
  const stream = createInOrderStream<number>({}, { wants: WANTS });
  const out = new Map<number, FrameRecord>();
  const take = (ready: ReturnType<typeof stream.finish>) => {
    for (const r of ready) out.set(r.number, stream.record(r));
  };
  for (let n = 1; n <= reader.frameCount(); n++) {
    const record = reader.frame(n)!;
    take(stream.push(n, record.linkType, reader.frameBytes(n)!, secondsSince(record.time, start), n));
  }
  take(stream.finish());
  return out;
}

/** tshark's lines for the TCP frames: number, protocols, the ids, ACK, length, Info. */
function tshark(name: string): string[][] {
  const path = fileURLToPath(new URL(name, DIR));
  const fields = ['frame.number', 'frame.protocols', ...IDS, 'tcp.flags.ack', 'tcp.len', '_ws.col.Info'];
  const run = spawnSync('tshark', ['-r', path, '-Y', 'tcp', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

const valueOf = (record: FrameRecord, id: string) => record.values.find((v) => v.id === id)?.value;

describe.skipIf(!TSHARK)('TCP numbers and Info against tshark 4.0.17', { timeout: 300_000 }, () => {
  for (const name of CAPTURES)
    it(`${name}: every TCP frame`, () => {
      const ours = framescope(name);
      const differing: string[] = [];
      for (const [number, protocols, stream, seq, ack, nxtseq, ackSet, length, info] of tshark(name)) {
        const record = ours.get(Number(number))!;
        const got = IDS.map((id) => String(valueOf(record, id) ?? ''));
        const want = [stream, seq, ackSet === '1' || ackSet === 'True' ? ack : got[2], nxtseq];
        if (got.join() !== want.join()) differing.push(`${number}: ${want.join()} ≠ ${got.join()}`);
        if (protocols!.endsWith(':tcp') && length === '0') {
          // The analysis markers are held against tshark's by scripts/tcp-analysis-compare.ts.
          const expected = info!.replace(/^(\[TCP [^\]]*\] )+/, '');
          const mine = record.summary.info.replace(/^(\[TCP [^\]]*\] )+/, '');
          if (mine !== expected) differing.push(`${number}: "${expected}" ≠ "${mine}"`);
        }
      }
      expect(differing).toEqual([]);
    }, 300_000);
});
