// The link layer of pasted frames: detected from the bytes, or chosen by the user (part of the state), and the
// frames decode anew with it.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { setInputText, setLinkTypeOverride } from './actions';
import { currentView } from './selectors';
import { createAppStore, type AppStore } from './store';

const fixture = (name: string) => readFileSync(new URL(`../inputs/__fixtures__/${name}`, import.meta.url), 'utf8');
const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
});
const linkTypes = () => store.getState().frames.map((f) => f.frame.linkType);

describe('the link layer of pasted frames', () => {
  it('is detected from the bytes and said in words', () => {
    setInputText(store, fixture('tcpdump-xx-sll2.txt'));
    expect(store.getState().input).toMatchObject({
      format: 'tcpdump -xx',
      frameCount: 6,
      detectedLinkType: 'Linux cooked v2 (SLL2)',
    });
    expect(store.getState().input?.linkTypeAssumed).toBeUndefined();
    expect(linkTypes()).toEqual([276, 276, 276, 276, 276, 276]);
  });

  it('says when it had to assume Ethernet', () => {
    setInputText(store, '03 00 00 07 02 f0 80');
    expect(store.getState().input).toMatchObject({ detectedLinkType: 'Ethernet II', linkTypeAssumed: true });
  });

  it('can be overridden: the frames decode again with the chosen link type, until the user detects again', () => {
    setInputText(store, KB);
    expect(currentView(store.getState())!.frame.layers[0]!.protocol).toBe('eth');
    setLinkTypeOverride(store, 228);
    expect(store.getState().linkTypeOverride).toBe(228);
    expect(linkTypes()).toEqual([228]);
    expect(currentView(store.getState())!.frame.layers[0]!.protocol).not.toBe('eth');
    expect(store.getState().input?.detectedLinkType).toBe('Ethernet II');
    setLinkTypeOverride(store, undefined);
    expect(linkTypes()).toEqual([1]);
    expect(currentView(store.getState())!.frame.layers[0]!.protocol).toBe('eth');
  });

  it('keeps the override while the text is edited, and drops it when the text is cleared', () => {
    setInputText(store, KB);
    setLinkTypeOverride(store, 113);
    setInputText(store, `${KB}\n`);
    expect(linkTypes()).toEqual([113]);
    setInputText(store, '');
    expect(store.getState().linkTypeOverride).toBeUndefined();
    setInputText(store, KB);
    expect(linkTypes()).toEqual([1]);
  });
});
