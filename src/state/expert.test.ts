// The Expert Information view's state with the worker's session in-process: the tally is asked for once per capture.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expertStoreOf, requestExpert, setExpertOpen } from './expert';
import { runtimeOf } from './capture';
import { openFile } from './open-file';
import type { AppStore } from './store';
import { storesForTests, until } from './testing/stores';

const { store, closeAll } = storesForTests();
afterEach(closeAll);

const file = (name: string) =>
  Object.assign(new Blob([readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url))]), { name });
const opened = (s: AppStore) => until(s, (state) => state.capture?.done === true && state.frames.length === 1);

describe('Expert Information', { timeout: 120_000 }, () => {
  it('asks the worker once per capture: opening the view and its first render do not both ask', async () => {
    const s = store();
    await openFile(s, file('ndpi_h323.pcap'));
    await opened(s);
    const post = vi.spyOn(runtimeOf(s).worker!, 'post');
    const asked = () => post.mock.calls.filter(([m]) => m.type === 'expert').map(([m]) => m.session);
    setExpertOpen(s, true);
    requestExpert(s); // what the view does when it mounts
    const { summary } = await until(expertStoreOf(s), (e) => e.done && e.summary !== undefined);
    expect(summary!.frames).toBe(75);
    setExpertOpen(s, false);
    setExpertOpen(s, true);
    const first = s.getState().capture!.session;
    expect(asked()).toEqual([first]);
    // Another capture opened while the view shows (the same worker): its own tally, asked for once.
    await openFile(s, file('zeek_rdp-x509.pcap'));
    const second = (await until(s, (state) => state.capture?.session !== first && state.capture?.done === true))
      .capture!.session;
    requestExpert(s);
    requestExpert(s);
    await until(expertStoreOf(s), (e) => e.done && e.session === second);
    expect(asked()).toEqual([first, second]);
  });
});
