import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setDecodeOptions, setInputText } from './actions';
import {
  changedOptions,
  parsePort,
  portTaken,
  suggestedCotpDataRule,
  suggestedRule,
  withChecksums,
  withCotpFormat,
  withoutRule,
  withRule,
} from './decode-options';
import { currentView } from './selectors';
import { readCapture } from '../inputs/capture';
import { createAppStore } from './store';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const protocols = (store: ReturnType<typeof createAppStore>) =>
  currentView(store.getState())!.frame.layers.map((l) => l.protocol);

describe('decode option edits', () => {
  it('add, replace and remove rules; "auto" is the absence of a format', () => {
    const one = withRule({}, 0, { table: 'tcp.port', key: 102, protocol: 'none' });
    const two = withRule(one, 1, { table: 'tcp.port', key: 3390, protocol: 'tpkt' });
    expect(two.decodeAs).toHaveLength(2);
    expect(withRule(two, 0, { table: 'tcp.port', key: 103, protocol: 'none' }).decodeAs![0]!.key).toBe(103);
    expect(withoutRule(two, 0).decodeAs).toEqual([{ table: 'tcp.port', key: 3390, protocol: 'tpkt' }]);
    expect(withoutRule(one, 0)).toEqual({});
    expect(withCotpFormat({}, 'extended')).toEqual({ cotpFormat: 'extended' });
    expect(withCotpFormat({ cotpFormat: 'extended' }, 'auto')).toEqual({});
    expect(withChecksums({ cotpFormat: 'normal' }, 'on')).toEqual({ cotpFormat: 'normal', checksums: 'on' });
    expect(withChecksums({ checksums: 'off' }, 'auto')).toEqual({});
    expect(changedOptions({})).toBe(0);
    expect(changedOptions({ ...two, cotpFormat: 'auto', checksums: 'off' })).toBe(3);
  });

  it('checks ports as typed', () => {
    expect(parsePort(' 102 ')).toBe(102);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65536')).toMatch(/at most 65535/);
    for (const bad of ['', 'x', '-1', '1.5', '0x66']) expect(typeof parsePort(bad)).toBe('string');
    const options = withRule({}, 0, { table: 'tcp.port', key: 102, protocol: 'none' });
    expect(portTaken(options, 1, 102)).toMatch(/rule 1/);
    expect(portTaken(options, 0, 102)).toBeUndefined();
  });

  it("suggests the frame's server port, forced to the opposite of what it decodes as", () => {
    const store = createAppStore();
    expect(suggestedRule({}, undefined)).toEqual({ table: 'tcp.port', key: 102, protocol: 'tpkt' });
    setInputText(store, KB);
    const view = currentView(store.getState());
    expect(suggestedRule({}, view)).toEqual({ table: 'tcp.port', key: 102, protocol: 'none' });
    const taken = withRule({}, 0, { table: 'tcp.port', key: 102, protocol: 'none' });
    expect(suggestedRule(taken, view).key).toBe(1555);
  });
});

describe('setDecodeOptions', () => {
  it('decodes the pasted frames again: tcp.port 102 as none leaves no TPKT or COTP', () => {
    const store = createAppStore();
    setInputText(store, KB);
    expect(protocols(store)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    setDecodeOptions(store, { decodeAs: [{ table: 'tcp.port', key: 102, protocol: 'none' }] });
    expect(protocols(store)).not.toContain('cotp');
    expect(protocols(store)).not.toContain('tpkt');
    setDecodeOptions(store, {});
    expect(protocols(store)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
  });

  it('keeps the options when the text is cleared', () => {
    const store = createAppStore();
    setDecodeOptions(store, { cotpFormat: 'normal' });
    setInputText(store, KB);
    setInputText(store, '');
    expect(store.getState().options).toEqual({ cotpFormat: 'normal' });
  });
});

describe('the checksum preference', () => {
  // ndpi_s7comm.pcap frame 1 as a hex stream: 192.168.1.10 left both checksums to its network card.
  const OFFLOADED =
    '001b1b23eb3b90e6ba845e4108004500003e2d4b400080060000c0a8010ac0a80128105900669044dda20002fb105018faf083b300000300001611e00000000700c1020100c2020102c0010a';
  const codes = (store: ReturnType<typeof createAppStore>) =>
    currentView(store.getState())!.frame.problems.map((p) => `${p.code} ${p.fieldId}`);

  it('decodes the pasted frames again: auto shows offload as no problem, on as two errors, off checks nothing', () => {
    const store = createAppStore();
    setInputText(store, OFFLOADED);
    expect(codes(store)).toEqual([]);
    setDecodeOptions(store, withChecksums(store.getState().options, 'on'));
    expect(codes(store)).toEqual(['checksum-bad ip.checksum', 'checksum-bad tcp.checksum']);
    setDecodeOptions(store, withChecksums(store.getState().options, 'off'));
    expect(codes(store)).toEqual([]);
    expect(currentView(store.getState())!.frame.layers[1]!.fields.find((f) => f.id === 'ip.checksum')!.display).toBe(
      '0x0000 [validation disabled]',
    );
  });
});

describe('the COTP user data rule', () => {
  // snap7_s300_readVar.pcapng frame 1, an S7comm Read Var job, pasted as a hex stream.
  const job = readCapture(
    readFileSync(new URL('../../../shared/captures/snap7_s300_readVar.pcapng', import.meta.url)),
  ).frameBytes(1)!;
  const hex = Array.from(job, (b) => b.toString(16).padStart(2, '0')).join('');

  it('starts as S7comm, one at most; "none" leaves the user data undecoded, "s7comm" keeps it', () => {
    expect(suggestedCotpDataRule({})).toEqual({ table: 'cotp.data', key: 0, protocol: 's7comm' });
    const one = withRule({}, 0, suggestedCotpDataRule({})!);
    expect(suggestedCotpDataRule(one)).toBeUndefined();
    const store = createAppStore();
    setInputText(store, hex);
    expect(protocols(store).at(-1)).toBe('s7comm');
    setDecodeOptions(store, withRule({}, 0, { table: 'cotp.data', key: 0, protocol: 'none' }));
    expect(protocols(store)).not.toContain('s7comm');
    setDecodeOptions(store, one);
    expect(protocols(store).at(-1)).toBe('s7comm');
    expect(changedOptions(one)).toBe(1);
  });
});
