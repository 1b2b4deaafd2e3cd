import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { selectFrame, selectNode, setInputText } from './actions';
import { exportFile, frameText, framesToExport } from './exports';
import { currentView } from './selectors';
import { createAppStore, type AppStore } from './store';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
/** The KB frame's IP packet alone: framescope reads it as raw IPv4 (link type 228). */
const KB_IP =
  '0000  45 00 00 54 e9 a6 40 00 20 06 04 0a 86 26 34 4d\n0010  86 26 2c 5a 00 66 06 13 01 cf 46 c8 5d 5b 6a 31\n0020  50 18 22 09 60 73 00 00 03 11 00 2c 27 d0 01 ca\n0030  00 29 00 c1 0d 53 57 49 53 53 4c 49 46 45 54 53\n0040  41 50 c2 0d 45 58 43 48 41 4e 47 45 54 53 41 50\n0050  31 c0 01 0b\n';

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
});

describe('exports from the state', () => {
  it('nothing shown: nothing to export', () => {
    expect(frameText(store.getState(), 'hexdump')).toBeUndefined();
    expect(exportFile(store.getState(), 'pcap', 'frame')).toBeUndefined();
  });

  it('the frame shown, or all frames', () => {
    setInputText(store, `${KB}\n\n${KB_IP}`);
    selectFrame(store, 1);
    expect(framesToExport(store.getState(), 'frame').map((f) => [f.bytes.length, f.linkType])).toEqual([[84, 228]]);
    expect(framesToExport(store.getState(), 'all').map((f) => [f.bytes.length, f.linkType])).toEqual([
      [98, 1],
      [84, 228],
    ]);
  });

  it('copies read back as the same bytes', () => {
    setInputText(store, KB);
    const bytes = currentView(store.getState())!.bytes;
    for (const format of ['hexdump', 'hexstream'] as const) {
      expect(parseText(frameText(store.getState(), format)!).frames[0]!.bytes).toEqual(bytes);
    }
    expect(frameText(store.getState(), 'c')).toContain('static const unsigned char pkt1[98]');
  });

  it('files are named for what they hold; a pcap of two link types says to use pcapng', () => {
    setInputText(store, `${KB}\n\n${KB_IP}`);
    const state = store.getState();
    expect(exportFile(state, 'pcap', 'frame')).toMatchObject({ ok: true, file: { name: 'framescope-frame1.pcap' } });
    expect(exportFile(state, 'pcapng', 'all')).toMatchObject({
      ok: true,
      file: { name: 'framescope-2-frames.pcapng' },
    });
    expect(exportFile(state, 'pcap', 'all')).toMatchObject({ ok: false, reason: expect.stringContaining('pcapng') });
    const json = exportFile(state, 'json', 'all');
    const doc = json?.ok ? JSON.parse(json.file.data as string) : undefined;
    expect(doc.frames).toHaveLength(2);
    // The same writer as the CLI's --json: the same versioned document.
    expect(Object.keys(doc)[0]).toBe('version');
    expect(doc.version).toBe(1);
  });

  it('the report names the selected field and ends with the link it is given', () => {
    setInputText(store, KB);
    const view = currentView(store.getState())!;
    selectNode(
      store,
      view.order.find((k) => view.nodes.get(k)!.field?.id === 'tpkt.reserved')!,
    );
    const report = exportFile(store.getState(), 'report', 'frame', 'http://x/#v1.abc');
    expect(report).toMatchObject({ ok: true, file: { name: 'framescope-frame1-report.txt' } });
    const text = report?.ok ? (report.file.data as string) : '';
    expect(text).toContain('Selected field: tpkt.reserved');
    expect(text.trimEnd().endsWith('http://x/#v1.abc')).toBe(true);
  });
});
