// The capture worker's session, in-process: progress while reading, rows and frames on demand, a filter over every
// frame, cancel. Real captures from ../shared/captures, read by path.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createCaptureSession, type SessionDeps } from './session';
import { createExpertTally } from '../dissect/expert';
import { createStreamTracker } from '../dissect/stream';
import { reassembledFrames } from '../inputs/testing/reassembled';
import { readCapture } from '../inputs/capture';
import { dissectCaptureFrame, firstTimestamp, packetRow, trackCaptureFrame } from '../inputs/capture-frames';
import { writePcap } from '../export/pcap';
import type { FromWorker, ToWorker } from './protocol';
import { benchCapture } from '../../scripts/bench-capture';
import type { TimeFormat } from '../inputs/capture-time';
import type { PacketColumn, SortDirection } from '../inputs/packet-order';
import type { ByteStore, ReadBackOptions } from '../inputs/capture-bytes';

// The session's tree dissections are counted: only the frame on screen may build one (bulk passes go lean).
// The frames handed to the conversation tracker are counted too: how far indexing got when the page was answered.
vi.mock('../inputs/capture-frames', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../inputs/capture-frames')>();
  return {
    ...actual,
    dissectCaptureFrame: vi.fn(actual.dissectCaptureFrame),
    trackCaptureFrame: vi.fn(actual.trackCaptureFrame),
  };
});
// Stores that read bytes back are made with a small window and cache, so that a shared capture is mostly read back;
// each store made is kept to ask how many bytes it holds.
const stores: ByteStore[] = [];
vi.mock('../inputs/capture-bytes', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../inputs/capture-bytes')>();
  return {
    ...actual,
    createByteStore: (options?: ReadBackOptions) => {
      const store = actual.createByteStore(options && { ...options, window: 32 * 1024, block: 4096, blocks: 4 });
      stores.push(store);
      return store;
    },
  };
});
const treeDissections = vi.mocked(dissectCaptureFrame);
const trackedFrames = vi.mocked(trackCaptureFrame);

const capture = (name: string) => readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url));

/** A session whose messages are collected; `until` waits for the first message that satisfies a test. */
function harness(deps: SessionDeps = {}) {
  const messages: FromWorker[] = [];
  const waiters: { test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const session = createCaptureSession((message) => {
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.test(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  }, deps);
  return {
    messages,
    send: (message: ToWorker) => session.handle(message),
    /** The first message that passes `test`; a message that never comes fails the test at its time limit. */
    until<T extends FromWorker>(test: (m: FromWorker) => m is T): Promise<T> {
      const seen = messages.find(test);
      if (seen) return Promise.resolve(seen as T);
      return new Promise((resolve) => waiters.push({ test, resolve: (m) => resolve(m as T) }));
    },
  };
}

type Progress = Extract<FromWorker, { type: 'progress' }>;
type FilterAnswer = Extract<FromWorker, { type: 'filter' }>;
type RowsAnswer = Extract<FromWorker, { type: 'rows' }>;
type FindAnswer = Extract<FromWorker, { type: 'find' }>;

/** A filter run's messages until it is done: the last one, and every match they sent. */
async function filterRun(h: ReturnType<typeof harness>): Promise<{ last: FilterAnswer; matches: number[] }> {
  const matches: number[] = [];
  const last = await h.until((m): m is FilterAnswer => {
    if (m.type !== 'filter') return false;
    matches.push(...m.matches);
    return m.done;
  });
  return { last, matches };
}
const finished = (m: FromWorker): m is Progress => m.type === 'progress' && m.done;

/**
 * A Blob that hands its bytes over in small chunks, as a big file's stream would; `slow`: each chunk a task later, so
 * the session's sliced work (filter, Expert Information) runs between chunks as it does on a real disk.
 */
function chunkedBlob(bytes: Uint8Array, chunk: number, slow = false): Blob {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < bytes.length; at += chunk) parts.push(Uint8Array.from(bytes.subarray(at, at + chunk)));
  const blob = new Blob(parts);
  let next = 0;
  return Object.assign(blob, {
    stream: () =>
      slow
        ? new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((r) => setTimeout(r, 0));
              if (next < parts.length) controller.enqueue(parts[next++]!);
              else controller.close();
            },
          })
        : new ReadableStream<Uint8Array>({
            start(controller) {
              for (const p of parts) controller.enqueue(p);
              controller.close();
            },
          }),
  });
}

describe('capture worker session', { timeout: 120_000 }, () => {
  it('announces the first frames before the whole file is read, then the count, as progress', async () => {
    const h = harness();
    h.send({ type: 'open', session: 1, file: chunkedBlob(capture('dina_cotp.pcap'), 16_384) });
    const done = await h.until(finished);
    const progress = h.messages.filter((m): m is Progress => m.type === 'progress');
    expect(progress[0]!.summary.frameCount).toBeGreaterThan(0);
    expect(progress[0]!.done).toBe(false);
    expect(done.summary.frameCount).toBe(4273);
    expect(done.bytesRead).toBe(378_369);
    expect(done.totalBytes).toBe(378_369);
    expect(done.firstTime).toEqual({ seconds: 1739459302, nanos: 594_859_000 });
  });

  it('answers the page between chunks of a file: the first rows come before the whole file is read', async () => {
    const h = harness();
    h.send({ type: 'open', session: 3, file: chunkedBlob(capture('dina_cotp.pcap'), 8_192) });
    await h.until((m): m is Progress => m.type === 'progress' && !m.done);
    // The page's request arrives as a message: a task queued behind the chunk being read.
    setTimeout(() => h.send({ type: 'rows', session: 3, numbers: [1] }), 0);
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(rows.rows.map((r) => r.number)).toEqual([1]);
    await h.until(finished);
    expect(h.messages.indexOf(rows)).toBeLessThan(h.messages.findIndex(finished));
  });

  it('follows a chunk of many frames a slice at a time: the first rows are answered before the chunk is followed, their facts final', async () => {
    // A clock that moves 20 ms each time it is read: every slice of following ends at its first look at the clock.
    let clock = 0;
    const h = harness({ now: () => (clock += 20) });
    const bytes = capture('dina_cotp.pcap');
    trackedFrames.mockClear();
    h.send({ type: 'open', session: 4, file: chunkedBlob(bytes, bytes.length) });
    const first = await h.until((m): m is Progress => m.type === 'progress' && m.summary.frameCount > 0);
    h.send({ type: 'rows', session: 4, numbers: [1, 2, 3] });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(trackedFrames.mock.calls.length).toBeLessThan(first.summary.frameCount);
    const done = await h.until(finished);
    expect(trackedFrames.mock.calls.length).toBe(done.summary.frameCount);
    // The same rows as once every frame is followed.
    h.send({ type: 'options', session: 4, options: {} });
    h.send({ type: 'rows', session: 4, numbers: [1, 2, 3] });
    const again = h.messages.filter((m) => m.type === 'rows').pop();
    expect(rows).toEqual(again);
  });

  it('gives the conversations with the TPDUs of the one shown described: Info and problems, made when it is shown', async () => {
    const h = harness();
    h.send({ type: 'open', session: 5, file: chunkedBlob(benchCapture(200).bytes, 65_536) });
    await h.until(finished);
    const ask = async (shown?: number) => {
      h.messages.length = 0;
      h.send({ type: 'conversations', session: 5, ...(shown !== undefined ? { shown } : {}) });
      const answer = await h.until(
        (m): m is Extract<FromWorker, { type: 'conversations' }> => m.type === 'conversations',
      );
      return answer.conversations.filter((c) => c.tpdus.length > 0);
    };
    // Nothing chosen: the first conversation with TPDUs is shown (shownOf), and only its TPDUs are described.
    const [first, second] = await ask();
    expect(first!.tpdus.length).toBeGreaterThan(2);
    expect(first!.tpdus.filter((t) => t.info === '')).toEqual([]);
    expect(first!.tpdus[0]).toMatchObject({ type: 'CR', info: expect.stringMatching(/^CR TPDU src-ref: /) });
    expect(second!.tpdus.length).toBeGreaterThan(2);
    expect(second!.tpdus.every((t) => t.info === '' && t.type !== '')).toBe(true);
    // Another one shown: its TPDUs are described now, the first's stay described.
    const [again, shown] = await ask(second!.id);
    expect(shown!.tpdus.filter((t) => t.info === '')).toEqual([]);
    expect(again!.tpdus.filter((t) => t.info === '')).toEqual([]);
  });

  it('answers rows and a selected frame by dissecting on demand', async () => {
    const h = harness();
    h.send({ type: 'open', session: 7, file: new Blob([capture('dina_cotp.pcap')]) });
    await h.until(finished);
    h.send({ type: 'rows', session: 7, numbers: [1, 4, 99999] });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(rows.rows.map((r) => r.number)).toEqual([1, 4]);
    expect(rows.rows[1]).toMatchObject({
      protocol: 'COTP',
      info: 'CR TPDU src-ref: 0x0001 dst-ref: 0x0000',
      source: '127.0.0.1',
      length: 66,
    });
    h.send({ type: 'frame', session: 7, number: 4 });
    const frame = await h.until((m): m is Extract<FromWorker, { type: 'frame' }> => m.type === 'frame');
    expect(frame.frame.layers.map((l) => l.protocol)).toEqual(['null', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(frame.frame.capture).toMatchObject({ relative: '0.000531', originalLength: 66 });
    expect(frame.bytes.length).toBe(66);
  });

  it('dissects lean for rows, the filter, Find, Expert Information and sorting (the tree frame’s columns and problems); a tree only for the frame shown', async () => {
    // ndpi_h323: TPKTs split across segments and several in one, malformed frames; reassembly on, as the app runs.
    const file = capture('ndpi_h323.pcap');
    const reader = readCapture(file);
    const start = firstTimestamp(reader);
    const tracker = createStreamTracker();
    const count = reader.frameCount();
    for (let n = 1; n <= count; n++) trackCaptureFrame(tracker, reader, n, start);
    tracker.finish();
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    const tree = numbers.map((n) => dissectCaptureFrame(reader, n, start, {}, { tracker })!);
    const expectedTally = createExpertTally();
    tree.forEach((d) => expectedTally.set(d.frame.number, d.frame.problems));

    treeDissections.mockClear();
    const h = harness();
    h.send({ type: 'open', session: 9, file: new Blob([file]) });
    await h.until(finished);
    h.send({ type: 'rows', session: 9, numbers });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(rows.rows).toEqual(tree.map(packetRow));
    expect(rows.rows.filter((r) => r.severity === 'note').length).toBeGreaterThan(0);

    h.send({ type: 'filter', session: 9, filter: 1, text: 'tpkt.length > 100 || _ws.expert' });
    const matches: number[] = [];
    const filtered = await h.until((m): m is Extract<FromWorker, { type: 'filter' }> => {
      if (m.type !== 'filter') return false;
      matches.push(...m.matches);
      return m.done;
    });
    expect(filtered.scanned).toBe(count);
    expect(matches.length).toBeGreaterThan(0);
    h.send({ type: 'expert', session: 9 });
    type Expert = Extract<FromWorker, { type: 'expert' }>;
    const expert = await h.until((m): m is Expert => m.type === 'expert' && m.done);
    expect(expert.summary).toEqual(expectedTally.summary());
    h.send({
      type: 'sort',
      session: 9,
      run: 1,
      sort: { column: 'info', direction: 'ascending' },
      timeFormat: 'relative',
    });
    const order = await h.until((m): m is Extract<FromWorker, { type: 'order' }> => m.type === 'order' && !!m.order);
    expect(order.order).toHaveLength(count);
    const query = { mode: 'filter', text: 'tpkt.length > 100' } as const;
    h.send({ type: 'find', session: 9, request: 1, query, displayed: 'tcp', from: 1, direction: 'next' });
    const found = await h.until((m): m is Extract<FromWorker, { type: 'find' }> => m.type === 'find' && m.done);
    expect(found.found).toBeGreaterThan(0);
    expect(treeDissections).not.toHaveBeenCalled();

    h.send({ type: 'frame', session: 9, number: 2 });
    await h.until((m): m is Extract<FromWorker, { type: 'frame' }> => m.type === 'frame');
    expect(treeDissections).toHaveBeenCalledTimes(1);
  });

  it('says which hosts left checksums to their NIC, counted over every frame; counts again when the preference changes', async () => {
    const h = harness();
    h.send({ type: 'open', session: 8, file: new Blob([capture('ndpi_s7comm.pcap')]) });
    const done = await h.until(finished);
    expect(done.offload).toEqual([{ address: '192.168.1.10', frames: 36, ipv4: 36, tcp: 36 }]);
    h.send({ type: 'rows', session: 8, numbers: [1, 2] });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(rows.rows.map((r) => r.problemCount)).toEqual([0, 0]);
    // Checked strictly, nothing is offload: the count is redone and said at once.
    const before = h.messages.length;
    h.send({ type: 'options', session: 8, options: { checksums: 'on' } });
    const again = h.messages.slice(before).find((m): m is Progress => m.type === 'progress');
    expect(again?.offload).toEqual([]);
  });

  it('runs a filter over every frame and says when it is done', async () => {
    const h = harness();
    h.send({ type: 'open', session: 2, file: new Blob([capture('s7comm_program_blocklist_onlineview.pcap')]) });
    h.send({ type: 'filter', session: 2, filter: 1, text: 'cotp.type == 0x0d' });
    const { last, matches } = await filterRun(h);
    expect(last.scanned).toBe(140);
    expect(matches).toHaveLength(5); // MANIFEST: CC(0x0d) x5
  });

  it('sends a filter’s matches a few times a second, not after every slice: each message redraws the page’s list', async () => {
    // A clock that moves 1 ms each time it is read: a 12 ms slice reads it a dozen times.
    let clock = 0;
    const h = harness({ now: () => ++clock });
    h.send({ type: 'open', session: 6, file: new Blob([capture('dina_cotp.pcap')]) });
    await h.until(finished);
    const start = clock;
    h.send({ type: 'filter', session: 6, filter: 1, text: 'tcp' });
    const { last, matches } = await filterRun(h);
    expect(last.scanned).toBe(4273);
    expect(matches).toHaveLength(new Set(matches).size);
    const sent = h.messages.filter((m) => m.type === 'filter').length;
    // At most one message per 100 ms of the run, and the first matches at once.
    expect(sent).toBeLessThanOrEqual(Math.ceil((clock - start) / 100) + 2);
    expect(sent).toBeGreaterThan(1);
  });

  it('refuses a bad filter with its reason', async () => {
    const h = harness();
    h.send({ type: 'open', session: 3, file: new Blob([capture('emreekin_pro2.pcap')]) });
    h.send({ type: 'filter', session: 3, filter: 9, text: 'cotp.typ == 1' });
    const reply = await h.until((m): m is Extract<FromWorker, { type: 'filter' }> => m.type === 'filter');
    expect(reply.error?.message).toMatch(/neither a field nor a protocol/);
  });

  it('stops reading on cancel and keeps the frames read so far', async () => {
    const h = harness();
    h.send({
      type: 'open',
      session: 4,
      file: chunkedBlob(capture('s7comm_varservice_libnodavedemo_bench.pcap'), 4096),
    });
    await h.until((m): m is Progress => m.type === 'progress' && m.summary.frameCount > 0);
    h.send({ type: 'cancel', session: 4 });
    const done = await h.until(finished);
    expect(done.cancelled).toBe(true);
    expect(done.summary.frameCount).toBeGreaterThan(0);
    expect(done.summary.frameCount).toBeLessThan(10_171);
  });

  it('ignores messages about an older session', async () => {
    const h = harness();
    h.send({ type: 'open', session: 5, file: new Blob([capture('emreekin_pro2.pcap')]) });
    h.send({ type: 'open', session: 6, file: new Blob([capture('zeek_rdp-x509.pcap')]) });
    const done = await h.until(finished);
    expect(done.session).toBe(6);
    h.send({ type: 'rows', session: 5, numbers: [1] });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.messages.some((m) => m.type === 'rows')).toBe(false);
  });

  it('tallies Expert Information as frames arrive, and again for frames whose facts change later', async () => {
    // Asked before the first chunk: the tally follows the reading. Frames whose stream facts change after they were
    // first tallied (a PDU completed, a TPKT the capture never completes) are counted again, so the last summary is
    // the tally of the frames as they finally read.
    // ge_multilin's first 138 frames end inside a TPKT spread over several segments: the last of them gets its note
    // only when the file ends.
    const reader = readCapture(capture('ge_multilin_GOOSE_and_MMS.pcapng'));
    const cut = Array.from({ length: 138 }, (_, i) => ({ bytes: reader.frameBytes(i + 1)!, linkType: 1 }));
    const written = writePcap(cut);
    if (!written.ok) throw new Error(written.reason);
    const expected = createExpertTally();
    reassembledFrames(written.bytes).forEach((f) => expected.set(f.number, f.problems));
    const h = harness();
    h.send({ type: 'open', session: 8, file: chunkedBlob(written.bytes, 8192, true) });
    h.send({ type: 'expert', session: 8 });
    type Expert = Extract<FromWorker, { type: 'expert' }>;
    const last = await h.until((m): m is Expert => m.type === 'expert' && m.done);
    expect(last.summary.frames).toBe(138);
    expect(last.summary).toEqual(expected.summary());
    // Asked again: the same answer at once.
    const before = h.messages.length;
    h.send({ type: 'expert', session: 8 });
    const again = await h.until((m): m is Expert => m.type === 'expert' && h.messages.indexOf(m) >= before);
    expect(again.summary.framesWith).toEqual(last.summary.framesWith);
  }, 120_000);

  describe('find packet', () => {
    type Find = Extract<FromWorker, { type: 'find' }>;
    const PLC_STATUS = 's7comm_reading_plc_status.pcap';
    /** Opens a capture and returns a function that runs one find to its answer. */
    async function opened(name: string, deps: SessionDeps = {}) {
      const h = harness(deps);
      h.send({ type: 'open', session: 1, file: new Blob([capture(name)]) });
      await h.until(finished);
      let request = 0;
      const find = (
        query: Extract<ToWorker, { type: 'find' }>['query'],
        from: number,
        direction: 'next' | 'previous' = 'next',
        displayed = '',
      ) => {
        const id = ++request;
        h.send({ type: 'find', session: 1, request: id, query, displayed, from, direction });
        return h.until((m): m is Find => m.type === 'find' && m.request === id && m.done);
      };
      return { h, find };
    }

    it('finds the next and the previous frame a display filter matches, wrapping once', async () => {
      const { find } = await opened(PLC_STATUS);
      const cr = { mode: 'filter', text: 'cotp.type == 0x0e || cotp.type == 0x0d' } as const; // CR 8, CC 9 (tshark)
      expect(await find(cr, 1)).toMatchObject({ found: 8, wrapped: false, checked: 7, total: 240 });
      expect(await find(cr, 8)).toMatchObject({ found: 9, wrapped: false });
      expect(await find(cr, 9)).toMatchObject({ found: 8, wrapped: true, checked: 239 });
      expect(await find(cr, 9, 'previous')).toMatchObject({ found: 8, wrapped: false });
      expect(await find(cr, 8, 'previous')).toMatchObject({ found: 9, wrapped: true });
      // No selection: from the first frame, or the last.
      expect(await find(cr, 0)).toMatchObject({ found: 8, wrapped: false });
      expect(await find(cr, 0, 'previous')).toMatchObject({ found: 9, wrapped: false });
      // The only match is the selected frame: found again, after a full turn.
      expect(await find({ mode: 'filter', text: 'cotp.type == 0x0e' }, 8)).toMatchObject({
        found: 8,
        wrapped: true,
        checked: 240,
      });
    });

    it('finds hex bytes and strings in the frame bytes, and says where they are', async () => {
      const { find } = await opened(PLC_STATUS);
      // tshark -Y 'frame contains 03:00:00:29': 56 62 65 75 122 125 174 218 221. TPKT starts after 14 + 20 + 20 bytes.
      expect(await find({ mode: 'hex', text: '03 00 00 29' }, 1)).toMatchObject({
        found: 56,
        match: { start: 54, end: 58 },
      });
      expect(await find({ mode: 'hex', text: '0300 0029' }, 56)).toMatchObject({ found: 62 });
      expect(await find({ mode: 'hex', text: '03:00:00:29' }, 221)).toMatchObject({ found: 56, wrapped: true });
      expect(await find({ mode: 'hex', text: '03 00 00 29' }, 56, 'previous')).toMatchObject({
        found: 221,
        wrapped: true,
      });
      // tshark -Y 'frame contains "Siemens"': 69 only; "siemens" nowhere unless case is ignored.
      expect(await find({ mode: 'string', text: 'Siemens' }, 1)).toMatchObject({ found: 69 });
      const lower = await find({ mode: 'string', text: 'siemens' }, 1);
      expect(lower.found).toBeUndefined();
      expect(lower).toMatchObject({ checked: 240, total: 240 });
      expect(await find({ mode: 'string', text: 'siemens', caseSensitive: false }, 1)).toMatchObject({ found: 69 });
    });

    it('never finds a frame the display filter hides', async () => {
      const { find } = await opened(PLC_STATUS);
      const hex = { mode: 'hex', text: '03 00 00 29' } as const;
      // tshark: frames 56, 62, 65, 75, 122 … 221 carry it, every one sent by 192.168.1.40.
      expect(await find(hex, 1, 'next', 'frame.number >= 100')).toMatchObject({ found: 122, wrapped: false });
      expect(await find(hex, 1, 'next', 'ip.src == 192.168.1.40')).toMatchObject({ found: 56 });
      const hidden = await find(hex, 1, 'next', 'ip.src == 192.168.1.10');
      expect(hidden.found).toBeUndefined();
      expect(hidden).toMatchObject({ checked: 240, done: true });
      expect(await find({ mode: 'filter', text: 'cotp.type == 0x0e' }, 1, 'next', '!tcp')).toMatchObject({
        checked: 240,
        done: true,
      });
    });

    it('refuses a bad filter or bad bytes with the reason and its column', async () => {
      const { find } = await opened(PLC_STATUS);
      expect((await find({ mode: 'filter', text: 'cotp.typ == 1' }, 1)).error?.message).toMatch(
        /neither a field nor a protocol/,
      );
      expect((await find({ mode: 'hex', text: '03 0g' }, 1)).error).toEqual({
        column: 5,
        message: 'Expected a hex digit (0-9, a-f), found "g"',
      });
    });

    it('runs in slices: says how far it got, answers rows meanwhile, and a newer find replaces it', async () => {
      // A clock that moves 1 ms each time it is read: every slice checks a few frames, whatever the machine's speed.
      let clock = 0;
      const { h, find } = await opened('s7comm_varservice_libnodavedemo_bench.pcap', { now: () => clock++ });
      const start = h.messages.length;
      const absent = { mode: 'string', text: 'no such text in any frame' } as const;
      const slow = find(absent, 1);
      // Between two slices the session takes other messages: a row asked for mid-search is answered at once.
      const partway = await h.until((m): m is Find => m.type === 'find' && !m.done);
      expect(partway.checked).toBeGreaterThan(0);
      expect(partway.checked).toBeLessThan(10_171);
      h.send({ type: 'rows', session: 1, numbers: [5000] });
      const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
      const answer = await slow;
      const after = h.messages.slice(start);
      expect(after.indexOf(rows)).toBeLessThan(after.indexOf(answer));
      expect(answer).toMatchObject({ checked: 10_171, total: 10_171 });
      expect(answer.found).toBeUndefined();
      // A find replaced before its answer never answers; the newer one does.
      h.send({ type: 'find', session: 1, request: 100, query: absent, displayed: '', from: 1, direction: 'next' });
      const newer = await find({ mode: 'filter', text: 'cotp.type == 0x0e' }, 1);
      expect(newer.found).toBeGreaterThan(0);
      h.send({ type: 'stopFind', session: 1 });
      expect(h.messages.some((m) => m.type === 'find' && m.request === 100 && m.done)).toBe(false);
    });
  });
});

describe('sorting the packet list in the worker', { timeout: 120_000 }, () => {
  type Order = Extract<FromWorker, { type: 'order' }>;
  const sorted =
    (run: number) =>
    (m: FromWorker): m is Order =>
      m.type === 'order' && m.run === run && !!m.order;
  const sortBy = (
    h: ReturnType<typeof harness>,
    session: number,
    run: number,
    column: PacketColumn,
    direction: SortDirection,
    more: { timeFormat?: TimeFormat; filter?: number } = {},
  ) =>
    h.send({
      type: 'sort',
      session,
      run,
      sort: { column, direction },
      timeFormat: more.timeFormat ?? 'relative',
      ...more,
    });
  const rowsOf = async (h: ReturnType<typeof harness>, session: number, numbers: number[]) => {
    const before = h.messages.length;
    h.send({ type: 'rows', session, numbers });
    const reply = await h.until(
      (m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows' && h.messages.indexOf(m) >= before,
    );
    return reply.rows;
  };

  it('orders every frame by Length, ties by number; descending is the exact reverse (tshark’s lengths)', async () => {
    const h = harness();
    h.send({ type: 'open', session: 1, file: new Blob([capture('ndpi_s7comm.pcap')]) });
    sortBy(h, 1, 1, 'length', 'ascending');
    const up = await h.until(sorted(1));
    expect(up.total).toBe(55);
    // tshark -T fields -e frame.number -e frame.len | sort -k2n -k1n: 17 frames of 61 bytes, then 74 (40, 53, 55).
    expect([...up.order!.slice(0, 20)]).toEqual([
      5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 43, 46, 49, 52, 40, 53, 55,
    ]);
    sortBy(h, 1, 2, 'length', 'descending');
    const down = await h.until(sorted(2));
    expect([...down.order!]).toEqual([...up.order!].reverse());
    expect([...down.order!.slice(0, 6)]).toEqual([47, 44, 13, 50, 37, 16]);
  });

  it('sorts addresses by value: 10.47.208.50 before 10.47.208.204, IPv4 before IPv6 before MAC', async () => {
    const h = harness();
    h.send({ type: 'open', session: 2, file: new Blob([capture('ndpi_h323.pcap')]) });
    sortBy(h, 2, 1, 'source', 'ascending');
    const order = [...(await h.until(sorted(1))).order!];
    const rows = await rowsOf(h, 2, order);
    const sources = [...new Set(rows.map((r) => r.source))];
    expect(sources.slice(0, 7)).toEqual([
      '10.1.3.143',
      '10.1.6.18',
      '10.47.208.50',
      '10.47.208.204',
      '17.2.0.122',
      '17.2.0.124',
      '17.2.0.161',
    ]);
    const p = harness();
    p.send({ type: 'open', session: 3, file: new Blob([capture('Profinet_Failed.pcap')]) });
    sortBy(p, 3, 5, 'source', 'ascending');
    const profinet = [...(await p.until(sorted(5))).order!];
    const kinds = (await rowsOf(p, 3, profinet)).map((r) =>
      /^\d+\./.test(r.source) ? 4 : r.source.includes('::') ? 6 : 0,
    );
    expect(kinds.indexOf(6)).toBeGreaterThan(kinds.lastIndexOf(4));
    expect(kinds.indexOf(0)).toBeGreaterThan(kinds.lastIndexOf(6));
    expect(profinet.slice(0, 3)).toEqual([23, 26, 29]); // 10.10.10.10 first, in capture order
  });

  it('sorts Info as text once the frames are dissected, ties in capture order', async () => {
    const h = harness();
    h.send({ type: 'open', session: 4, file: new Blob([capture('s7comm_reading_plc_status.pcap')]) });
    sortBy(h, 4, 3, 'info', 'ascending');
    const order = [...(await h.until(sorted(3))).order!];
    expect(order).toHaveLength(240);
    const rows = await rowsOf(h, 4, order);
    const byNumber = new Map(rows.map((r) => [r.number, r.info]));
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [byNumber.get(order[i - 1]!)!, byNumber.get(order[i]!)!];
      expect(a < b || (a === b && order[i - 1]! < order[i]!)).toBe(true);
    }
  });

  it('combines with the display filter: only the matches, sorted by the time since the previous displayed one', async () => {
    // tshark -r ndpi_s7comm.pcap -Y 'cotp.type == 0x0f' -T fields -e frame.number -e frame.time_delta_displayed.
    const h = harness();
    h.send({ type: 'open', session: 5, file: chunkedBlob(capture('ndpi_s7comm.pcap'), 1024, true) });
    h.send({ type: 'filter', session: 5, filter: 4, text: 'cotp.type == 0x0f' });
    sortBy(h, 5, 9, 'time', 'ascending', { timeFormat: 'delta-displayed', filter: 4 });
    const order = await h.until(sorted(9));
    // Sent once, after the file is read (and the filter has checked every frame: 53 matches).
    expect(h.messages.indexOf(order)).toBeGreaterThan(h.messages.findIndex(finished));
    expect(order.total).toBe(53);
    expect([...order.order!.slice(0, 6)]).toEqual([3, 47, 6, 53, 50, 32]);
  });

  it('stops when told, and a stale run is never answered', async () => {
    const h = harness();
    h.send({ type: 'open', session: 6, file: chunkedBlob(capture('ndpi_s7comm.pcap'), 1024, true) });
    sortBy(h, 6, 1, 'info', 'ascending');
    h.send({ type: 'sort', session: 6, run: 2, timeFormat: 'relative' });
    sortBy(h, 6, 3, 'number', 'descending');
    const last = await h.until(sorted(3));
    expect(last.order![0]).toBe(55);
    expect(h.messages.some((m) => m.type === 'order' && m.run !== 3)).toBe(false);
  });
});

describe('a file read back, not held', { timeout: 120_000 }, () => {
  const bytes = capture('dina_cotp.pcap');
  /** A session whose file is read back from `bytes` (as FileReaderSync reads a File) until `fail` says otherwise. */
  const readingBack = (reads: number[], fail = () => false) =>
    harness({
      readBack: () => (offset, length) => {
        if (fail()) throw new DOMException('The file could not be read', 'NotReadableError');
        reads.push(offset);
        return new Uint8Array(bytes.subarray(offset, offset + length));
      },
    });
  type Answer = Extract<FromWorker, { type: 'rows' | 'frame' | 'find' | 'follow' }>;
  /** What the page is told about rows, two frames, a filter, a byte search and Follow TCP Stream. */
  async function answers(h: ReturnType<typeof harness>, session: number) {
    h.send({ type: 'open', session, file: chunkedBlob(bytes, 16_384) });
    const done = await h.until(finished);
    const ask = <T extends Answer>(message: ToWorker, type: T['type']) => {
      h.messages.length = 0;
      h.send(message);
      return h.until((m): m is T => m.type === type && (m.type !== 'find' || m.done));
    };
    const all = Array.from({ length: done.summary.frameCount }, (_, i) => i + 1);
    return {
      done,
      rows: await ask({ type: 'rows', session, numbers: all }, 'rows'),
      first: await ask({ type: 'frame', session, number: 4 }, 'frame'),
      middle: await ask({ type: 'frame', session, number: 2000 }, 'frame'),
      filter: await (async () => {
        h.messages.length = 0;
        h.send({ type: 'filter', session, filter: 1, text: 'cotp.type == 0x0f && frame.number < 3000' });
        return (await filterRun(h)).matches;
      })(),
      find: await ask(
        {
          type: 'find',
          session,
          request: 1,
          query: { mode: 'hex', text: '03 00 00 1f' },
          displayed: '',
          from: 3000,
          direction: 'next',
        },
        'find',
      ),
      follow: await ask({ type: 'follow', session, request: 2, frame: 5 }, 'follow'),
    };
  }

  it('reads old frames back from the file: the bytes held stay bounded, and the page is told what it is told with the file in memory', async () => {
    const held = await answers(harness(), 1);
    const reads: number[] = [];
    stores.length = 0;
    const readBack = await answers(readingBack(reads), 2);
    expect(readBack.done.summary).toEqual(held.done.summary);
    for (const key of ['rows', 'first', 'middle', 'filter', 'find', 'follow'] as const)
      expect(key === 'filter' ? readBack[key] : { ...readBack[key], session: 0 }, key).toEqual(
        key === 'filter' ? held[key] : { ...held[key], session: 0 },
      );
    expect(held.rows.type === 'rows' && held.rows.rows).toHaveLength(4273);
    expect(held.filter.length).toBeGreaterThan(100);
    expect(held.follow.type === 'follow' && held.follow.stream).toBeTruthy();
    // The file (378 369 bytes) was let go as it was read: a 32 KiB window, one 16 KiB chunk, four blocks read back.
    expect(stores).toHaveLength(1);
    expect(stores[0]!.held()).toBeLessThanOrEqual(32 * 1024 + 16 * 1024 + 4 * 8192);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('keeps a gzip-compressed file in memory: its frames lie in the unpacked bytes, not in the file', async () => {
    const gz = capture('windows_miscellany.pcap.gz');
    const reads: number[] = [];
    stores.length = 0;
    const h = harness({
      readBack: () => (offset, length) => {
        reads.push(offset);
        return new Uint8Array(gz.subarray(offset, offset + length));
      },
    });
    h.send({ type: 'open', session: 3, file: chunkedBlob(gz, 16_384) });
    await h.until(finished);
    h.send({ type: 'rows', session: 3, numbers: [1] });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    expect(rows.rows).toHaveLength(1);
    expect(reads).toEqual([0]); // only the look at its first octets
    expect(stores[0]!.held()).toBeGreaterThan(gz.length);
  });

  it('says so when the file can no longer be read, and keeps answering what it can', async () => {
    let gone = false;
    const h = readingBack([], () => gone);
    h.send({ type: 'open', session: 4, file: chunkedBlob(bytes, 16_384) });
    const done = await h.until(finished);
    gone = true;
    h.messages.length = 0;
    h.send({ type: 'rows', session: 4, numbers: [2, 4273] });
    const rows = await h.until((m): m is Extract<FromWorker, { type: 'rows' }> => m.type === 'rows');
    // The last frame is still held; the second is not, and cannot be read again: its row is what the index knows.
    expect(rows.rows.map((r) => r.number)).toEqual([2, 4273]);
    expect(rows.rows[1]!.info).not.toMatch(/no longer readable/);
    const told = h.messages.find((m): m is Progress => m.type === 'progress')!;
    expect(told.summary.frameCount).toBe(done.summary.frameCount);
    expect(told.summary.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'input-unreadable',
        message: expect.stringMatching(
          /^The file can no longer be read \(The file could not be read\): it was changed/,
        ),
      }),
    );
  });

  describe('once the file can no longer be read, every request that needs its bytes answers, and says why', () => {
    /** A session over dina_cotp.pcap (4273 frames) whose file fails every read back after indexing. */
    async function gone(session: number) {
      let failing = false;
      const h = readingBack([], () => failing);
      h.send({ type: 'open', session, file: chunkedBlob(bytes, 16_384) });
      await h.until(finished);
      failing = true;
      h.messages.length = 0;
      const ask = <T extends FromWorker>(message: ToWorker, test: (m: FromWorker) => m is T) => {
        h.messages.length = 0;
        h.send(message);
        return h.until(test);
      };
      return { h, ask };
    }
    const WHY = 'the file was changed, moved or deleted after it was opened';

    it('a frame: answers with why it cannot be shown', async () => {
      const { ask } = await gone(10);
      const answer = await ask(
        { type: 'frame', session: 10, number: 7 },
        (m): m is FromWorker => m.type === 'frame' || m.type === 'frameUnreadable',
      );
      expect(answer).toEqual({
        type: 'frameUnreadable',
        session: 10,
        number: 7,
        reason: `Frame 7's bytes can no longer be read: ${WHY}. Open it again to see them.`,
      });
      // A frame still held is shown as before.
      const last = await ask(
        { type: 'frame', session: 10, number: 4273 },
        (m): m is FromWorker => m.type === 'frame' || m.type === 'frameUnreadable',
      );
      expect(last.type).toBe('frame');
    });

    it('rows: what the index knows (number, time, lengths) and the problem', async () => {
      const { ask } = await gone(11);
      const held = readCapture(bytes);
      const answer = await ask(
        { type: 'rows', session: 11, numbers: [3, 4273] },
        (m): m is RowsAnswer => m.type === 'rows',
      );
      expect(answer.rows.map((r) => r.number)).toEqual([3, 4273]);
      const record = held.frame(3)!;
      expect(answer.rows[0]).toEqual({
        number: 3,
        time: record.time,
        digits: record.digits,
        source: '',
        destination: '',
        protocol: '',
        length: record.originalLength,
        capturedLength: record.capturedLength,
        info: `Bytes no longer readable: ${WHY}`,
        severity: 'error',
        problemCount: 1,
        commented: false,
      });
    });

    it('a filter that dissects: ends, with how many frames it could not check', async () => {
      const { h } = await gone(12);
      h.send({ type: 'filter', session: 12, filter: 1, text: 'cotp.type == 0x0f' });
      const { last, matches } = await filterRun(h);
      expect(last.done).toBe(true);
      expect(last.unreadable).toMatch(
        new RegExp(`^[\\d,]+ frames could not be read back \\(${WHY}\\): they are not among the matches\\.`),
      );
      // Frames still held do match.
      expect(matches.length).toBeGreaterThan(0);
    });

    it('a filter on the capture record only (frame.number) needs no bytes: it ends with every match and no complaint', async () => {
      const { h } = await gone(13);
      h.send({ type: 'filter', session: 13, filter: 1, text: 'frame.number <= 10' });
      const { last, matches } = await filterRun(h);
      expect(matches).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(last.unreadable).toBeUndefined();
    });

    it('Find: ends, not found, saying how many frames it could not search', async () => {
      const { ask } = await gone(14);
      const answer = await ask(
        {
          type: 'find',
          session: 14,
          request: 1,
          query: { mode: 'hex', text: 'de ad be ef 01 02' },
          displayed: '',
          from: 1,
          direction: 'next',
        },
        (m): m is FindAnswer => m.type === 'find' && m.done,
      );
      expect(answer.found).toBeUndefined();
      expect(answer.unreadable).toMatch(/frames could not be read back .*: they were not searched\./);
    });

    it('Expert Information: ends (done), saying how many frames it could not tally', async () => {
      const { ask } = await gone(15);
      const answer = await ask(
        { type: 'expert', session: 15 },
        (m): m is Extract<FromWorker, { type: 'expert' }> => m.type === 'expert' && m.done,
      );
      expect(answer.unreadable).toMatch(/frames could not be read back .*: their problems are not counted\./);
    });

    it('a sort by a text column: ends with the order, saying how many frames sorted as empty cells', async () => {
      const { ask } = await gone(16);
      const answer = await ask(
        {
          type: 'sort',
          session: 16,
          run: 1,
          sort: { column: 'info', direction: 'ascending' },
          timeFormat: 'relative',
        },
        (m): m is Extract<FromWorker, { type: 'order' }> => m.type === 'order' && m.order !== undefined,
      );
      expect(answer.order).toHaveLength(4273);
      expect(answer.unreadable).toMatch(/frames could not be read back .*: they sort as empty cells\./);
    });

    it('Follow TCP Stream: answers why it cannot follow, not that the frame is no TCP segment', async () => {
      const { ask } = await gone(17);
      const answer = await ask(
        { type: 'follow', session: 17, request: 1, frame: 5 },
        (m): m is Extract<FromWorker, { type: 'follow' }> => m.type === 'follow',
      );
      expect(answer.stream).toBeUndefined();
      expect(answer.reason).toBe(`Frame 5's bytes can no longer be read: ${WHY}. Open it again to follow its stream.`);
      const byStream = await ask(
        { type: 'follow', session: 17, request: 2, stream: 0 },
        (m): m is Extract<FromWorker, { type: 'follow' }> => m.type === 'follow',
      );
      expect(byStream.reason).toMatch(new RegExp(`^[\\d,]+ frames of TCP stream 0 can no longer be read: ${WHY}\\.`));
    });

    it('export: writes nothing rather than a file missing frames, and says why', async () => {
      const { ask } = await gone(18);
      const answer = await ask(
        { type: 'export', session: 18, request: 1, format: 'pcap', numbers: Uint32Array.of(1, 4273) },
        (m): m is Extract<FromWorker, { type: 'export' }> => m.type === 'export',
      );
      expect(answer.result).toEqual({
        ok: false,
        reason: `1 frame of the 2 to export can no longer be read: ${WHY}. Open it again to export them.`,
      });
      const held = await ask(
        { type: 'export', session: 18, request: 2, format: 'pcap', numbers: Uint32Array.of(4273) },
        (m): m is Extract<FromWorker, { type: 'export' }> => m.type === 'export',
      );
      expect(held.result.ok).toBe(true);
    });
  });
});
