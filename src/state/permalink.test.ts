import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodePermalink } from '../permalink';
import { collapseAll, expandAll, selectFrame, selectNode, setDecodeOptions, setInputText } from './actions';
import { pasteText, stepInput } from './input-history';
import { currentPermalink, permalinkStateOf, permalinkUrl, restorePermalink, startPermalinkSync } from './permalink';
import { currentView, linkedFrameOrigin, selectedNode } from './selectors';
import { framesToExport } from './exports';
import { originText } from './format';
import { createAppStore, type AppStore } from './store';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
/** An IPv4 header alone: another input than KB. */
const SHORT_DUMP = '0000  45 00 00 14 00 00 40 00 40 06 00 00 0a 00 00 01\n0010  0a 00 00 02\n';

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
});

const keyOf = (s: AppStore, id: string, offset?: number) => {
  const view = currentView(s.getState())!;
  return view.order.find((k) => {
    const f = view.nodes.get(k)!.field;
    return f?.id === id && (offset === undefined || f.offset === offset);
  })!;
};

function fragment(s: AppStore): string {
  const link = currentPermalink(s.getState());
  if (!link?.ok) throw new Error('no link');
  return link.fragment;
}

function opened(link: string): AppStore {
  const other = createAppStore();
  restorePermalink(other, link);
  return other;
}

describe('the link to what is shown', () => {
  it('is absent while nothing is shown', () => {
    expect(currentPermalink(store.getState())).toBeUndefined();
  });

  it('opens the same frame, field selected, bytes lit, the same rows shown', () => {
    setInputText(store, KB);
    selectNode(store, keyOf(store, 'tpkt.reserved'));
    const other = opened(fragment(store));
    const state = other.getState();
    expect(currentView(state)!.bytes).toEqual(currentView(store.getState())!.bytes);
    expect(selectedNode(state)?.field).toMatchObject({ id: 'tpkt.reserved', offset: 55 });
    expect(state.selection).toMatchObject({ start: 55, end: 56 });
    expect(state.visible).toEqual(store.getState().visible);
    expect(state.linkError).toBeUndefined();
    // The input box holds the bytes as a hex dump, read like any paste.
    expect(state.text.split('\n')[0]).toBe('0000  00 00 a2 00 c0 4a 00 80 5f d4 a0 48 08 00 45 00   .....J.._..H..E.');
    expect(state.input).toMatchObject({ frameCount: 1, byteCount: 98 });
  });

  it('keeps a field instance among several with the same id, and a layer header', () => {
    setInputText(store, KB);
    selectNode(store, keyOf(store, 'cotp.parameter_code', 80));
    expect(selectedNode(opened(fragment(store)).getState())?.field).toMatchObject({
      id: 'cotp.parameter_code',
      offset: 80,
    });
    const tpkt = currentView(store.getState())!.order.find(
      (k) => currentView(store.getState())!.nodes.get(k)!.layer.protocol === 'tpkt',
    )!;
    selectNode(store, tpkt);
    expect(permalinkStateOf(store.getState())?.selection).toEqual({ fieldId: 'tpkt', offset: 54 });
    expect(opened(fragment(store)).getState().selection?.key).toBe(tpkt);
  });

  it('keeps "Expand all", and "Collapse all" with a field selected since', () => {
    setInputText(store, KB);
    expandAll(store);
    expect(opened(fragment(store)).getState().visible).toEqual(store.getState().visible);
    collapseAll(store);
    selectNode(store, keyOf(store, 'cotp.parameter_code', 80));
    expect(permalinkStateOf(store.getState())?.view).toEqual({ tree: 'collapsed' });
    expect(opened(fragment(store)).getState().visible).toEqual(store.getState().visible);
  });

  it('carries only the frame shown, of several', () => {
    setInputText(store, `${KB}\n\n0000  45 00 00 14 00 00 40 00 40 06 00 00 0a 00 00 01\n0010  0a 00 00 02\n`);
    selectFrame(store, 1);
    const other = opened(fragment(store));
    expect(other.getState().frames).toHaveLength(1);
    expect(currentView(other.getState())!.bytes.length).toBe(20);
  });

  it('keeps the link type and decode-as rules, even where the bytes alone would be read otherwise', () => {
    const kb = currentView((setInputText(store, KB), store.getState()))!.bytes;
    const link = encodePermalink({
      bytes: kb,
      linkType: 1,
      options: {
        decodeAs: [
          { table: 'tcp.port', key: 102, protocol: 'none' },
          { table: 'no.such.table', key: 1, protocol: 'tpkt' },
        ],
      },
      view: { tree: 'default' },
    });
    if (!link.ok) throw new Error(link.reason);
    const state = opened(link.fragment).getState();
    expect(state.options).toEqual({ decodeAs: [{ table: 'tcp.port', key: 102, protocol: 'none' }] });
    expect(currentView(state)!.frame.layers.map((l) => l.protocol)).not.toContain('tpkt');
    expect(permalinkStateOf(state)?.options).toEqual({ decodeAs: [{ table: 'tcp.port', key: 102, protocol: 'none' }] });

    const ipOnly = kb.subarray(14);
    const asEthernet = encodePermalink({
      bytes: ipOnly,
      linkType: 1,
      options: { decodeAs: [] },
      view: { tree: 'default' },
    });
    if (!asEthernet.ok) throw new Error(asEthernet.reason);
    const restored = opened(asEthernet.fragment);
    expect(currentView(restored.getState())!.frame.linkType).toBe(1);
    expect(restored.getState().linkTypeOverride).toBe(1); // kept while the user edits the text
    setInputText(restored, `${restored.getState().text}\n`);
    expect(currentView(restored.getState())!.frame.linkType).toBe(1);
  });

  it('keeps the checksum preference; a link without it opens with "auto"', () => {
    setInputText(store, KB);
    setDecodeOptions(store, { checksums: 'off' });
    expect(permalinkStateOf(store.getState())?.options).toEqual({ decodeAs: [], checksums: 'off' });
    const off = opened(fragment(store)).getState();
    expect(off.options).toEqual({ checksums: 'off' });
    expect(currentView(off)!.frame.layers[1]!.fields.find((f) => f.id === 'ip.checksum')!.display).toBe(
      '0x040a [validation disabled]',
    );
    setDecodeOptions(store, {});
    expect(opened(fragment(store)).getState().options).toEqual({});
  });

  it('a broken link: the reason, an empty page, nothing else from the link', () => {
    const state = opened('v1.AWNMYmBYxHDAi6Eh_soCD5BWhpC').getState();
    expect(state.linkError).toMatch(/damaged/);
    expect(state.frames).toEqual([]);
    expect(state.text).toBe('');
  });
});

describe('a link to a frame of a capture', () => {
  const ORIGIN = {
    frame: 149,
    file: 'capture.pcapng',
    time: { seconds: 1_408_528_821, nanos: 80_446_000, digits: 6 },
  };
  function linkFromCapture(): string {
    setInputText(store, KB);
    const state = permalinkStateOf(store.getState())!;
    const link = encodePermalink({ ...state, origin: ORIGIN });
    if (!link.ok) throw new Error(link.reason);
    return link.fragment;
  }

  it('opens as that frame of that file, with the time it was captured', () => {
    const other = opened(linkFromCapture());
    expect(currentView(other.getState())!.frame.number).toBe(149);
    expect(linkedFrameOrigin(other.getState())).toEqual(ORIGIN);
    expect(originText(ORIGIN)).toBe('Frame 149 of capture.pcapng, captured 2014-08-20 10:00:21.080446 UTC');
    // Shared again, it still says so; downloaded, it keeps its time.
    expect(permalinkStateOf(other.getState())?.origin).toEqual(ORIGIN);
    expect(framesToExport(other.getState(), 'frame')[0]?.timestamp).toEqual({
      seconds: 1_408_528_821,
      nanos: 80_446_000,
    });
  });

  it('an edited frame is no longer the frame captured: "Frame 1", and its link says nothing of the file', () => {
    const other = opened(linkFromCapture());
    setInputText(other, other.getState().text.replace('03 11 00 2c', '03 00 00 2c'));
    expect(currentView(other.getState())!.frame.number).toBe(1);
    expect(linkedFrameOrigin(other.getState())).toBeUndefined();
    expect(permalinkStateOf(other.getState())).not.toHaveProperty('origin');
  });

  it('a pasted frame\'s link (no origin) opens as "Frame 1", as before', () => {
    setInputText(store, KB);
    const other = opened(fragment(store));
    expect(currentView(other.getState())!.frame.number).toBe(1);
    expect(linkedFrameOrigin(other.getState())).toBeUndefined();
  });
});

describe('the address bar', () => {
  interface FakeEntry {
    state: unknown;
    hash: string;
  }
  type Listener = (event: { state: unknown }) => void;
  /** A tab's history: entries with a state and a fragment, popstate and hashchange as a browser fires them. */
  function fakeWindow(hash = '', earlier: FakeEntry[] = []) {
    const listeners = new Map<string, Set<Listener>>();
    const entries: FakeEntry[] = [...earlier, { state: null, hash }];
    let index = entries.length - 1;
    const hashOf = (url: string) => (url.includes('#') ? url.slice(url.indexOf('#')) : '');
    const fire = (type: string) => listeners.get(type)?.forEach((l) => l({ state: entries[index]!.state }));
    const go = (by: number) => {
      const before = entries[index]!.hash;
      index = Math.max(0, Math.min(entries.length - 1, index + by));
      fire('popstate');
      if (entries[index]!.hash !== before) fire('hashchange');
    };
    const win = {
      entries,
      location: {
        get hash() {
          return entries[index]!.hash;
        },
        get href() {
          return `http://localhost:4173/app/${entries[index]!.hash}`;
        },
      },
      history: {
        get state() {
          return entries[index]!.state;
        },
        replaceState: vi.fn((state: unknown, _title: string, url: string) => {
          entries[index] = { state, hash: hashOf(url) };
        }),
        pushState: vi.fn((state: unknown, _title: string, url: string) => {
          entries.splice(index + 1, entries.length, { state, hash: hashOf(url) });
          index++;
        }),
        back: () => go(-1),
        forward: () => go(1),
      },
      get index() {
        return index;
      },
      addEventListener: (type: string, listener: Listener) => {
        if (!listeners.has(type)) listeners.set(type, new Set());
        listeners.get(type)!.add(listener);
      },
      removeEventListener: (type: string, listener: Listener) => listeners.get(type)?.delete(listener),
      /** The user pasted a link into this tab's address bar: the browser makes an entry for it. */
      navigate(newHash: string) {
        entries.splice(index + 1, entries.length, { state: null, hash: newHash });
        index++;
        fire('popstate');
        fire('hashchange');
      },
    };
    return win;
  }
  const asWindow = (w: ReturnType<typeof fakeWindow>) => w as unknown as Window;
  const tag = expect.objectContaining({ framescopeInput: expect.any(String) });

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('follows the view after a pause, with replaceState only, and clears when the text is cleared', () => {
    const win = fakeWindow();
    const stop = startPermalinkSync(store, asWindow(win));
    // The first entry is tagged as this page's (its address unchanged).
    expect(win.history.replaceState).toHaveBeenCalledWith(tag, '', 'http://localhost:4173/app/');
    win.history.replaceState.mockClear();
    setInputText(store, KB);
    selectNode(store, keyOf(store, 'tpkt.reserved'));
    expect(win.history.replaceState).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(win.history.replaceState).toHaveBeenCalledTimes(1);
    expect(win.location.hash).toBe(`#${fragment(store)}`);
    expect(permalinkUrl(store.getState(), asWindow(win))).toBe(`http://localhost:4173/app/#${fragment(store)}`);
    setInputText(store, '');
    vi.advanceTimersByTime(300);
    expect(win.history.replaceState).toHaveBeenLastCalledWith(tag, '', 'http://localhost:4173/app/');
    expect(win.history.pushState).not.toHaveBeenCalled();
    stop();
  });

  it('restores the link the page was opened with, before anything renders, and one pasted later', () => {
    setInputText(store, KB);
    selectNode(store, keyOf(store, 'tpkt.reserved'));
    const link = `#${fragment(store)}`;
    const other = createAppStore();
    const win = fakeWindow(link);
    const stop = startPermalinkSync(other, asWindow(win));
    expect(selectedNode(other.getState())?.field?.id).toBe('tpkt.reserved');
    vi.advanceTimersByTime(300);
    expect(win.location.hash).toBe(link); // already the address
    expect(win.history.replaceState.mock.calls.every(([, , url]) => url === `http://localhost:4173/app/${link}`)).toBe(
      true,
    );

    win.navigate('#v9.future');
    expect(other.getState().linkError).toMatch(/format v9/);
    expect(other.getState().text).not.toBe(''); // what was shown stays
    stop();
  });

  it('a failed link stays in the address, where the user can see it', () => {
    const win = fakeWindow('#v1.broken!');
    const stop = startPermalinkSync(store, asWindow(win));
    expect(store.getState().linkError).toMatch(/damaged/);
    vi.advanceTimersByTime(1000);
    expect(win.location.hash).toBe('#v1.broken!');
    stop();
  });

  it('a new input is a new entry, selections only replace it; Back and Undo return to the input before', () => {
    const win = fakeWindow();
    const stop = startPermalinkSync(store, asWindow(win));
    setInputText(store, KB);
    selectNode(store, keyOf(store, 'tpkt.reserved'));
    vi.advanceTimersByTime(300);
    const kbLink = `#${fragment(store)}`;
    pasteText(store, SHORT_DUMP);
    expect(win.history.pushState).toHaveBeenCalledTimes(1);
    expect(win.history.pushState).toHaveBeenLastCalledWith(tag, '', `#${fragment(store)}`);
    selectNode(store, keyOf(store, 'ip.ttl'));
    vi.advanceTimersByTime(300);
    expect(win.history.pushState).toHaveBeenCalledTimes(1);
    expect(win.entries.map((e) => e.hash)).toEqual([kbLink, `#${fragment(store)}`]);

    win.history.back();
    expect(store.getState().text).toBe(KB);
    expect(selectedNode(store.getState())?.field?.id).toBe('tpkt.reserved');
    vi.advanceTimersByTime(300);
    expect(win.location.hash).toBe(kbLink);
    win.history.forward();
    expect(store.getState().text).toBe(SHORT_DUMP);

    // Undo is the browser's Back: the two never disagree.
    expect(stepInput(store, 'back')).toBe(true);
    expect(win.index).toBe(0);
    expect(store.getState().text).toBe(KB);
    stop();
  });

  it('a link typed in the address bar is an entry of its own; Back returns to what was shown before it', () => {
    const win = fakeWindow();
    const stop = startPermalinkSync(store, asWindow(win));
    setInputText(store, SHORT_DUMP);
    const shortLink = `#${fragment(store)}`;
    setInputText(store, KB);
    win.navigate(shortLink);
    expect(currentView(store.getState())!.bytes.length).toBe(20);
    expect(win.history.state).toEqual(tag);
    win.history.back();
    expect(store.getState().text).toBe(KB);
    expect(store.getState().linkError).toBeUndefined();
    stop();
  });

  it('after a damaged link typed in the address bar, Undo of the next input returns to the view before the link', () => {
    const win = fakeWindow();
    const stop = startPermalinkSync(store, asWindow(win));
    setInputText(store, KB);
    win.navigate('#v1.broken!');
    expect(store.getState().linkError).toMatch(/damaged/);
    pasteText(store, SHORT_DUMP);
    expect(stepInput(store, 'back')).toBe(true);
    expect(store.getState().text).toBe(KB);
    expect(store.getState().linkError).toBeUndefined();
    stop();
  });

  it('an entry no longer in memory (the page was loaded again since) shows the frame its address holds', () => {
    setInputText(store, KB);
    const kbLink = `#${fragment(store)}`;
    const other = createAppStore();
    const win = fakeWindow('', [{ state: { framescopeInput: 'earlier.1' }, hash: kbLink }]);
    const stop = startPermalinkSync(other, asWindow(win));
    win.history.back();
    expect(currentView(other.getState())!.bytes).toEqual(currentView(store.getState())!.bytes);
    stop();
  });
});
