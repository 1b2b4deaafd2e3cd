// `npm run compare:tcp-analysis [-- CAPTURE...]`: the TCP sequence analysis (src/dissect/stream/tcp-analysis.ts)
// against tshark's `tcp.analysis.*` with default preferences, per TCP frame: the set of flags present must be the
// same. Every shared capture by default. Prints per capture the frames that agree, and the first disagreements.
// framescope's side is the one every pass runs: each frame dissected once in capture order with the capture's TCP
// conversations (tcp-facts.ts), whose analysis is read back per frame.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../src/inputs/capture';
import { firstTimestamp, secondsSince } from '../src/inputs/capture-frames';
import { dissectLean } from '../src/dissect/engine';
import { LeanWants } from '../src/dissect/sink';
import { createTcpStreams } from '../src/dissect/stream/tcp-facts';
import type { TcpAnalysis } from '../src/dissect/dissector';
import { TCP_ANALYSIS_FLAG_IDS as ANALYSIS_FLAGS } from '../src/dissect/protocols/tcp-analysis';

const dir = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
const args = process.argv.slice(2);
const verbose = args.includes('-v');
const files = args.filter((a) => a !== '-v');
const inputs =
  files.length > 0
    ? files
    : readdirSync(dir)
        .filter((f) => /\.(pcap|pcapng|gz)$/.test(f))
        .sort()
        .map((f) => join(dir, f));

/** tshark's flags per TCP frame, as bits (ANALYSIS_FLAGS order), plus the duplicate ACK's number and frame. */
function tsharkFlags(file: string): Map<number, { flags: number; extra: string; acks: number; dup: string }> {
  const ids = ANALYSIS_FLAGS.map((f) => f.id);
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      '-Y',
      'tcp',
      '-T',
      'fields',
      '-e',
      'frame.number',
      ...ids.flatMap((id) => ['-e', id]),
      '-e',
      'tcp.analysis.duplicate_ack_num',
      '-e',
      'tcp.analysis.duplicate_ack_frame',
      '-e',
      'tcp.analysis.acks_frame',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const byFrame = new Map<number, { flags: number; extra: string; acks: number; dup: string }>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const cells = line.split('\t');
    let flags = 0;
    ANALYSIS_FLAGS.forEach((f, i) => {
      if (cells[i + 1]) flags |= f.bit;
    });
    const n = ANALYSIS_FLAGS.length + 1;
    byFrame.set(Number(cells[0]), {
      acks: Number(cells[n + 2] || 0),
      dup: `${cells[n] ?? ''}#${cells[n + 1] ?? ''}`,
      flags,
      extra: `dup ${cells[n] ?? ''}#${cells[n + 1] ?? ''} acks ${cells[n + 2] ?? ''}`,
    });
  }
  return byFrame;
}

const names = (bits: number): string =>
  ANALYSIS_FLAGS.filter((f) => bits & f.bit)
    .map((f) => f.id.slice('tcp.analysis.'.length))
    .join(',') || '-';

/** tshark's duplicate ACK that RFC 5681 §2 (a) does not count (its receiver has no data outstanding): documented. */
const DUP = ANALYSIS_FLAGS.find((f) => f.id === 'tcp.analysis.duplicate_ack')!.bit;

let allFrames = 0;
let allAgree = 0;
let allRfc = 0;
let acksAgree = 0;
let acksShown = 0;
let dupBoth = 0;
let dupAgree = 0;
let allFlagged = 0;
for (const file of inputs) {
  const reader = readCapture(new Uint8Array(readFileSync(file)));
  const start = firstTimestamp(reader);
  const tcp = createTcpStreams();
  const nothing = new LeanWants(new Set());
  const ours = new Map<number, TcpAnalysis>();
  for (let n = 1; n <= reader.frameCount(); n++) {
    const record = reader.frame(n);
    const bytes = reader.frameBytes(n);
    if (!record || !bytes) continue;
    dissectLean(bytes, record.linkType, n, nothing, {}, undefined, { tcp, time: secondsSince(record.time, start) });
    const analysis = tcp.factsOf(n)?.analysis;
    if (analysis) ours.set(n, analysis);
  }
  const theirs = tsharkFlags(file);
  let agree = 0;
  let rfc = 0;
  let flagged = 0;
  const shown: string[] = [];
  for (const [frame, t] of theirs) {
    const mine = ours.get(frame);
    const m = mine?.flags ?? 0;
    if (t.flags !== 0) flagged++;
    // tshark prints a duplicate ACK's number and frame twice ("1,1"): its first.
    if ((mine?.acksFrame ?? 0) === t.acks) acksAgree++;
    else if (verbose && acksShown++ < 5)
      console.log(`  acks_frame ${frame}: tshark ${t.acks} / framescope ${mine?.acksFrame ?? 0}`);
    if (m & DUP && t.flags & DUP) {
      dupBoth++;
      if (
        t.dup
          .split('#')
          .map((x) => x.split(',')[0])
          .join('#') === `${mine!.duplicateAckNum}#${mine!.duplicateAckFrame}`
      )
        dupAgree++;
    }
    if (m === t.flags) agree++;
    else if ((t.flags & DUP) !== 0 && m === (t.flags & ~DUP)) rfc++;
    else if (shown.length < (verbose ? 1000 : 8))
      shown.push(
        `  frame ${frame}: tshark ${names(t.flags)} (${t.extra}) / framescope ${names(m)}${mine ? ` (dup ${mine.duplicateAckNum}#${mine.duplicateAckFrame} acks ${mine.acksFrame})` : ' (no segment)'}`,
      );
  }
  allFrames += theirs.size;
  allAgree += agree;
  allRfc += rfc;
  allFlagged += flagged;
  console.log(
    `${basename(file).padEnd(56)} ${String(theirs.size).padStart(6)} TCP frames ${String(flagged).padStart(5)} flagged  ${((100 * agree) / Math.max(1, theirs.size)).toFixed(2).padStart(7)} % agree${rfc ? `, ${rfc} RFC 5681 duplicate ACK differences` : ''}`,
  );
  for (const s of shown) console.log(s);
}
console.log(
  `tcp.analysis.acks_frame agrees on ${acksAgree} of ${allFrames} TCP frames; duplicate_ack_num#frame on ${dupAgree} of the ${dupBoth} duplicate ACKs both flag`,
);
const percent = (n: number) => ((100 * n) / Math.max(1, allFrames)).toFixed(3);
console.log(
  `overall: ${allAgree} of ${allFrames} TCP frames agree (${percent(allAgree)} %), ${allFlagged} flagged by tshark; ` +
    `${allRfc} more differ only where RFC 5681 §2 denies tshark's duplicate ACK (${percent(allAgree + allRfc)} % with them)`,
);
