// The worker's side of Follow TCP Stream and the conversations table, in-process on a shared capture: the stream of a
// frame or of a tcp.stream index, its chunks copied out of the file, and each conversation's counts as tshark's
// `-z conv,tcp` gives them (s7comm_program_blocklist_onlineview.pcap, tshark 4.0.17).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCaptureSession } from './session';
import type { FromWorker } from './protocol';

const FILE = readFileSync(
  new URL('../../../shared/captures/s7comm_program_blocklist_onlineview.pcap', import.meta.url),
);

async function openSession() {
  const messages: FromWorker[] = [];
  const session = createCaptureSession((m) => messages.push(m), {
    schedule: (task) => void Promise.resolve().then(task),
    nextTask: () => Promise.resolve(),
    now: () => 0,
  });
  session.handle({ type: 'open', session: 1, file: new Blob([FILE]) });
  for (let i = 0; i < 10_000 && !messages.some((m) => m.type === 'progress' && m.done); i++)
    await new Promise((r) => setTimeout(r, 0));
  const last = <T extends FromWorker['type']>(type: T) =>
    messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
  return { session, last };
}

describe('the worker follows a TCP stream and counts conversations', () => {
  it('gives each conversation’s frames and bytes each way, start and duration, TPDUs', async () => {
    const { session, last } = await openSession();
    session.handle({ type: 'conversations', session: 1 });
    const rows = last('conversations')!.rows;
    expect(rows).toHaveLength(6);
    // tshark -z conv,tcp: "192.168.1.10:4209 <-> 192.168.1.40:102  21 2525 bytes  38 2728 bytes ... 2.645690000 0.2281"
    const busiest = rows.find((r) => r.a.port === 4209)!;
    expect(busiest.frames).toEqual([38, 21]);
    expect(busiest.bytes).toEqual([2728, 2525]);
    expect(busiest.start).toBeCloseTo(2.64569, 6);
    expect(busiest.duration).toBeCloseTo(0.2281, 4);
    expect(busiest.tpdus).toBeGreaterThan(0);
    // Stream 0 began the capture: 192.168.1.40:49179 → 192.168.1.10:102, two frames one way.
    expect(rows[0]).toMatchObject({ id: 1, frames: [2, 0], bytes: [120, 0], start: 0 });
  });

  it('follows the stream of a frame, and of a tcp.stream index; a frame that is not TCP gets a reason', async () => {
    const { session, last } = await openSession();
    session.handle({ type: 'follow', session: 1, request: 1, stream: 5 });
    const byIndex = last('follow')!;
    expect(byIndex.stream?.stream).toBe(5);
    expect(byIndex.stream?.nodes[0]).toEqual({ address: '192.168.1.10', port: 4209 });
    const first = byIndex.stream!.chunks[0]!;
    session.handle({ type: 'follow', session: 1, request: 2, frame: first.frame });
    expect(last('follow')).toMatchObject({ request: 2, stream: { stream: 5 } });
    // Copied out: a chunk's bytes are its own, not a view into the file's chunk.
    if (first.kind === 'data') expect(first.bytes.byteLength).toBe(first.bytes.buffer.byteLength);
    session.handle({ type: 'follow', session: 1, request: 3, stream: 99 });
    expect(last('follow')).toMatchObject({ request: 3, reason: 'There is no TCP stream 99 in this capture' });
  });
});
