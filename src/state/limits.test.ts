// Limits with clear messages instead of freezes: a paste too large to decode in the page, a paste with more
// frames than the page decodes at once, a capture larger than a tab holds, and a worker that dies.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeInput, MAX_PASTE_CHARS, MAX_PASTE_FRAMES, setInputText } from './actions';
import { closeCapture, MAX_CAPTURE_BYTES, openCapture, receive } from './capture-actions';
import { storesForTests } from './testing/stores';

const { store, closeAll } = storesForTests();
afterEach(closeAll);

describe('limits', () => {
  it('refuses a paste over the size limit with a message, keeping the text', () => {
    const s = store();
    const text = '00'.repeat(MAX_PASTE_CHARS / 2 + 1);
    setInputText(s, text);
    decodeInput(s); // long texts wait for a pause in typing; decode now
    const state = s.getState();
    expect(state.text).toBe(text);
    expect(state.frames).toEqual([]);
    expect(state.input?.problems[0]?.message).toMatch(/framescope decodes pastes of up to 32 MB .* Your text is kept/);
  });

  it('decodes the first frames of a paste with too many and says how many are left out', { timeout: 120_000 }, () => {
    const s = store();
    setInputText(s, Array.from({ length: MAX_PASTE_FRAMES + 5 }, () => '0000  45 00').join('\n'));
    decodeInput(s);
    const state = s.getState();
    expect(state.frames).toHaveLength(MAX_PASTE_FRAMES);
    expect(state.input?.problems[0]?.message).toMatch(/holds 20005 frames; the first 20000 are decoded/);
  });

  it('does not try to read a capture larger than a tab can hold', () => {
    const s = store();
    const huge = {
      name: 'huge.pcap',
      size: MAX_CAPTURE_BYTES + 1,
      slice: () => new Blob([]),
      stream: () => new Blob([]).stream(),
    } as unknown as Blob & { name: string };
    openCapture(s, huge);
    const capture = s.getState().capture!;
    expect(capture.done).toBe(true);
    expect(capture.summary?.problems[0]?.message).toMatch(/1\.00 GB; a browser tab can hold captures of up to 1 GB/);
  });

  it('reports a worker that died, and the page keeps working', () => {
    const s = store();
    openCapture(
      s,
      new Blob([readFileSync(new URL('../../../shared/captures/snap7_s300_readVar.pcapng', import.meta.url))]),
    );
    receive(s, { type: 'failed', session: -1, reason: 'out of memory' });
    const capture = s.getState().capture!;
    expect(capture.done).toBe(true);
    expect(capture.summary?.problems.at(-1)?.message).toMatch(
      /The capture reader stopped \(out of memory\).*The page still works/,
    );
    closeCapture(s);
    setInputText(s, '03 00 00 07 02 f0 80');
    expect(s.getState().frames).toHaveLength(1);
  });
});
