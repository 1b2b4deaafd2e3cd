import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { parseText } from '../inputs';
import { toBase64url } from './base64url';
import { decodePermalink, encodePermalink } from './codec';
import { DICTIONARY_V1 } from './dictionary-v1';
import { MAX_FRAGMENT_CHARS, MAX_LINK_FRAME_BYTES, type PermalinkState } from './model';
import { crc32 } from './wire';

const KB_TEXT = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const KB = parseText(KB_TEXT).frames[0]!.bytes;

function state(bytes: Uint8Array, extra: Partial<PermalinkState> = {}): PermalinkState {
  return { bytes, linkType: 1, options: { decodeAs: [] }, view: { tree: 'default' }, ...extra };
}

function fragmentOf(s: PermalinkState): string {
  const result = encodePermalink(s);
  if (!result.ok) throw new Error(result.reason);
  return result.fragment;
}

/** A frame of bytes that do not compress (a fixed LCG, so the figure is the same on every run). */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const KB_RESERVED = state(KB, { selection: { fieldId: 'tpkt.reserved', offset: 55 } });

describe('size', () => {
  test.each([
    ['no selection', undefined],
    ['tpkt.reserved', { fieldId: 'tpkt.reserved', offset: 55 }],
    ['the longest field id', { fieldId: 'cotp.opts.no_explicit_flow_control', offset: 60 }],
  ])('the KB frame with %s is under 170 characters after "#"', (_, selection) => {
    const fragment = fragmentOf(state(KB, selection ? { selection } : {}));
    expect(fragment.startsWith('v1.')).toBe(true);
    expect(fragment.length).toBeLessThan(170);
  });

  test('the KB frame with every option set stays near 170 characters', () => {
    const fragment = fragmentOf(
      state(KB, {
        selection: { fieldId: 'cotp.parameter_code', offset: 65 },
        options: { decodeAs: [{ table: 'tcp.port', key: 102, protocol: 'tpkt' }], cotpFormat: 'normal' },
        view: { tree: 'all' },
      }),
    );
    expect(fragment.length).toBeLessThan(175);
  });

  test('a 1500-byte frame of incompressible bytes is under 2500 characters, stored uncompressed', () => {
    const fragment = fragmentOf(state(noise(1500), { selection: { fieldId: 'data.data', offset: 54 } }));
    expect(fragment.length).toBeLessThan(2500);
    expect(fragment.startsWith('v1.A')).toBe(true); // format byte 0: stored
  });

  test('frames above the limit are refused with the reason, never cut', () => {
    const result = encodePermalink(state(new Uint8Array(MAX_LINK_FRAME_BYTES + 1)));
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(encodePermalink(state(noise(MAX_LINK_FRAME_BYTES))).ok).toBe(true);
  });

  test('the largest link the encoder writes is within what the decoder accepts', () => {
    const fragment = fragmentOf(
      state(noise(MAX_LINK_FRAME_BYTES), {
        selection: { fieldId: 'x'.repeat(64), offset: MAX_LINK_FRAME_BYTES },
        options: {
          decodeAs: Array.from({ length: 32 }, (_, i) => ({
            table: 't'.repeat(32),
            key: 0xffff_ffff - i,
            protocol: 'p'.repeat(32),
          })),
          cotpFormat: 'extended',
        },
        view: { tree: 'collapsed' },
      }),
    );
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS);
    expect(decodePermalink(fragment).ok).toBe(true);
  });
});

describe('a second frame to compare with (workbench)', () => {
  const twin = Uint8Array.from(KB);
  twin[0x37] = 0;
  twin[0x32] = 0x60;
  twin[0x33] = 0x84;
  const COMPARING = state(twin, { compare: { bytes: KB, linkType: 1, original: true } });

  test('travels in the v1 link and comes back unchanged; two near-identical frames cost little more than one', () => {
    const fragment = fragmentOf(COMPARING);
    expect(fragment.startsWith('v1.')).toBe(true);
    expect(fragment.length).toBeLessThan(260);
    expect(decodePermalink(fragment)).toEqual({ ok: true, state: COMPARING });
  });

  test('the largest comparison the encoder writes is within what the decoder accepts', () => {
    const big = state(noise(MAX_LINK_FRAME_BYTES), {
      compare: { bytes: noise(MAX_LINK_FRAME_BYTES, 7), linkType: 0xffff, original: false },
    });
    const fragment = fragmentOf(big);
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS);
    expect(decodePermalink(fragment)).toEqual({ ok: true, state: big });
  });

  test('an oversized or empty second frame is refused by the encoder', () => {
    expect(
      encodePermalink(
        state(KB, { compare: { bytes: new Uint8Array(MAX_LINK_FRAME_BYTES + 1), linkType: 1, original: false } }),
      ),
    ).toMatchObject({ ok: false, code: 'too-large' });
    expect(
      encodePermalink(state(KB, { compare: { bytes: new Uint8Array(0), linkType: 1, original: false } })),
    ).toMatchObject({ ok: false, code: 'invalid' });
  });

  test('a damaged comparison section is damage, with a reason', () => {
    // Hand-built bodies: link type 1, the KB bytes, then section 5 with an unknown kind byte, or cut short.
    const body = (section: number[]) => {
      const head = [1, KB.length, ...KB, 5, section.length, ...section];
      const payload = new Uint8Array(head.length + 4);
      payload.set(head);
      new DataView(payload.buffer).setUint32(head.length, crc32(payload.subarray(0, head.length)));
      return `v1.${toBase64url(Uint8Array.from([0, ...payload]))}`;
    };
    expect(decodePermalink(body([1, 2, 1, 0xaa]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([1, 1, 5, 0xaa]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([1, 1, 1, 0xaa]))).toMatchObject({
      ok: true,
      state: { compare: { bytes: Uint8Array.of(0xaa), linkType: 1, original: true } },
    });
  });
});

describe('the checksum preference (section 6, added within v1)', () => {
  test.each(['on', 'off'] as const)('"%s" travels in the link and comes back', (checksums) => {
    const linked = state(KB, { options: { decodeAs: [], checksums } });
    expect(decodePermalink(fragmentOf(linked))).toEqual({ ok: true, state: linked });
  });

  test('"auto", the default, is the absence of the section: a link without it reads as auto', () => {
    const fragment = fragmentOf(state(KB));
    expect(decodePermalink(fragment)).toEqual({ ok: true, state: state(KB) });
    const withOn = fragmentOf(state(KB, { options: { decodeAs: [], checksums: 'on' } }));
    expect(withOn).not.toBe(fragment);
  });
});

describe('the sequence number preference (section 8, added within v1)', () => {
  test('numbers as on the wire travel in the link and come back', () => {
    const linked = state(KB, { options: { decodeAs: [], relativeSequenceNumbers: false } });
    expect(decodePermalink(fragmentOf(linked))).toEqual({ ok: true, state: linked });
  });

  test('relative numbers, the default, are the absence of the section: a link without it reads as relative', () => {
    const fragment = fragmentOf(state(KB));
    expect(decodePermalink(fragment)).toEqual({ ok: true, state: state(KB) });
    const absolute = fragmentOf(state(KB, { options: { decodeAs: [], relativeSequenceNumbers: false } }));
    expect(absolute).not.toBe(fragment);
  });

  test('a damaged section 8 is damage, with a reason', () => {
    // Hand-built bodies: link type 1, one byte 0xaa, then section 8.
    const body = (section: number[]) => {
      const head = [1, 1, 0xaa, 8, section.length, ...section];
      const payload = new Uint8Array(head.length + 4);
      payload.set(head);
      new DataView(payload.buffer).setUint32(head.length, crc32(payload.subarray(0, head.length)));
      return `v1.${toBase64url(Uint8Array.from([0, ...payload]))}`;
    };
    expect(decodePermalink(body([0]))).toMatchObject({
      ok: true,
      state: { options: { relativeSequenceNumbers: false } },
    });
    expect(decodePermalink(body([1]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([0, 0]))).toMatchObject({ ok: false, code: 'damaged' });
  });
});

describe('the capture frame it came from', () => {
  const FROM_CAPTURE = state(KB, {
    origin: { frame: 149, file: 'capture.pcapng', time: { seconds: 1_408_528_821, nanos: 80_446_000, digits: 6 } },
  });

  test('travels in the v1 link and comes back unchanged, with or without its time', () => {
    expect(decodePermalink(fragmentOf(FROM_CAPTURE))).toEqual({ ok: true, state: FROM_CAPTURE });
    const noTime = state(KB, { origin: { frame: 0xffff_ffff, file: 'Ünïcödé capture (2).pcap' } });
    expect(decodePermalink(fragmentOf(noTime))).toEqual({ ok: true, state: noTime });
  });

  test('costs a few characters more than the frame alone', () => {
    expect(fragmentOf(FROM_CAPTURE).length - fragmentOf(state(KB)).length).toBeLessThan(40);
  });

  test.each([
    ['frame 0', { frame: 0, file: 'a.pcap' }],
    ['no name', { frame: 1, file: '' }],
    ['a name too long', { frame: 1, file: 'é'.repeat(128) }],
    ['a newline in the name', { frame: 1, file: 'a\nb.pcap' }],
    ['a right-to-left override in the name', { frame: 1, file: 'evil\u202egnp.exe' }],
    ['nanoseconds past a second', { frame: 1, file: 'a.pcap', time: { seconds: 0, nanos: 1e9, digits: 9 } }],
    ['ten fraction digits', { frame: 1, file: 'a.pcap', time: { seconds: 0, nanos: 0, digits: 10 } }],
  ])('the encoder refuses %s', (_, origin) => {
    expect(encodePermalink(state(KB, { origin }))).toMatchObject({ ok: false, code: 'invalid' });
  });

  test('a damaged section 7 is damage, with a reason; a name is never shown when refused', () => {
    // Hand-built bodies: link type 1, one byte 0xaa, then section 7.
    const body = (section: number[]) => {
      const head = [1, 1, 0xaa, 7, section.length, ...section];
      const payload = new Uint8Array(head.length + 4);
      payload.set(head);
      new DataView(payload.buffer).setUint32(head.length, crc32(payload.subarray(0, head.length)));
      return `v1.${toBase64url(Uint8Array.from([0, ...payload]))}`;
    };
    const name = [...new TextEncoder().encode('a.pcap')];
    expect(decodePermalink(body([5, name.length, ...name]))).toMatchObject({
      ok: true,
      state: { origin: { frame: 5, file: 'a.pcap' } },
    });
    expect(decodePermalink(body([5, name.length + 1, ...name]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([5, name.length, ...name, 7]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([5, name.length, ...name, 7, 0]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([0, name.length, ...name]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([5, 3, 0x61, 0x0a, 0x62]))).toMatchObject({ ok: false, code: 'damaged' });
    expect(decodePermalink(body([5, 2, 0xc3, 0x28]))).toMatchObject({ ok: false, code: 'damaged' });
  });
});

describe('old links keep working', () => {
  test('the v1 deflate dictionary is frozen', () => {
    // Changing it breaks every deflated v1 link ever made: see dictionary-v1.ts.
    expect([DICTIONARY_V1.length, crc32(DICTIONARY_V1)]).toEqual([2150, 0xcf9c011d]);
  });

  test.each([
    // Written by this version; they must decode to the same state forever.
    [
      'v1.AWNMYmBYxHDAi6Eh_soCD5BWhpCXyxwYFNhYuNrUTHzb1HSiGNLYhBnPu52Ijc4yDJBQ4kwoZmBgFmTQUb_AeIpBk-Egb3C4Z3Cwj6eba0iwY8AhXtcIZw9HP3cwz_AAIzcjvzkvSupY8UlxPgA',
      KB_RESERVED,
    ],
    // With section 7: frame 149 of capture.pcapng, captured 2014-08-20 10:00:21.080446 UTC.
    [
      'v1.AWNMYmBYxHDAi6Eh_soCD5BWhpCXyxwYFNhYuNrUTHzb1HSiGNLYhBnPu52Ijc4yDJBQ4kwoZmBgFmTQUb_AeIpBk-Egb3C4Z3Cwj6eba0iwY8AhXtcIZw9HP3cwz_AAIzcjvzkvSupgl57KyJecWFBSWpSqVwBk5KVvfXxxPuuGlnVqbHtY8x4BAA',
      {
        ...KB_RESERVED,
        origin: { frame: 149, file: 'capture.pcapng', time: { seconds: 1_408_528_821, nanos: 80_446_000, digits: 6 } },
      },
    ],
  ])('%s', (fragment, expected) => {
    // Written before the checksum and sequence number preferences existed: "auto", relative numbers.
    expect(decodePermalink(fragment)).toEqual({ ok: true, state: expected });
    expect(expected.options.checksums).toBeUndefined();
    expect(expected.options.relativeSequenceNumbers).toBeUndefined();
    expect(decodePermalink(`#${fragment}`)).toEqual({ ok: true, state: expected });
  });
});

describe('hostile links: a clear reason, never an exception', () => {
  const good = fragmentOf(KB_RESERVED);

  test('every truncation of a good link is refused as damaged', () => {
    for (let cut = 3; cut < good.length; cut++) {
      const result = decodePermalink(good.slice(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
  });

  test('changing any one character is caught, or (in base64 padding bits) changes nothing', () => {
    for (let at = 3; at < good.length; at++) {
      const replacement = good[at] === 'A' ? 'B' : 'A';
      const result = decodePermalink(good.slice(0, at) + replacement + good.slice(at + 1));
      if (result.ok) expect(result.state, `char ${at}`).toEqual(KB_RESERVED);
      else expect(result.code, `char ${at}`).toBe('damaged');
    }
  });

  test.each([
    ['', 'not-a-permalink'],
    ['#', 'not-a-permalink'],
    ['hello', 'not-a-permalink'],
    ['<img src=x onerror=alert(1)>', 'not-a-permalink'],
    ['v2.AAAA', 'unknown-version'],
    ['v0.AAAA', 'unknown-version'],
    ['v999999999.AAAA', 'unknown-version'],
    ['v1.', 'damaged'],
    ['v1.A', 'damaged'],
    ['v1.AA', 'damaged'],
    ['v1.AAAA', 'damaged'],
    ['v1.%3Cscript%3E', 'damaged'],
    ['v1.ab+c', 'damaged'],
    ['v1.Ag', 'damaged'],
    [`v1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`, 'too-large'],
  ])('%j → %s', (fragment, code) => {
    const result = decodePermalink(fragment);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason).toMatch(/\S/);
  });

  test('a version from the future says it may come from a newer framescope', () => {
    const result = decodePermalink('v2.AAAA');
    expect(!result.ok && result.reason).toMatch(/format v2.*newer framescope/);
  });

  test('non-strings are not links', () => {
    for (const value of [undefined, null, 42, {}, ['v1.AAAA']]) {
      expect(decodePermalink(value)).toMatchObject({ ok: false, code: 'not-a-permalink' });
    }
  });

  /** A well-formed container around any payload: exercises the checks behind the checksum. */
  function forge(body: Uint8Array, compress = false): string {
    const payload = new Uint8Array([...body, 0, 0, 0, 0]);
    new DataView(payload.buffer).setUint32(body.length, crc32(body));
    const data = compress ? deflateSync(payload, { dictionary: DICTIONARY_V1 }) : payload;
    return `v1.${toBase64url(new Uint8Array([compress ? 1 : 0, ...data]))}`;
  }

  test('an inflate bomb stops at the bound', { timeout: 120_000 }, () => {
    const bomb = forge(new Uint8Array(12_000_000), true);
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    expect(decodePermalink(bomb)).toMatchObject({ ok: false, code: 'too-large' });
  });

  test.each([
    ['an empty body', [], 'link type'],
    ['bytes longer than the body', [1, 10, 1, 2], 'frame bytes'],
    ['an empty frame', [1, 0], 'no frame'],
    ['a link type above 16 bits', [0x80, 0x80, 0x04, 1, 0xaa], 'link type'],
    ['an overlong varint', [0x81, 0x00, 1, 0xaa], 'link type'],
    ['a selection outside the frame', [1, 1, 0xaa, 1, 3, 5, 1, 0x61], 'outside the frame'],
    ['a selected id with markup', [1, 1, 0xaa, 1, 5, 0, 3, 0x3c, 0x62, 0x3e], 'field id'],
    ['a selected id that is not UTF-8', [1, 1, 0xaa, 1, 3, 0, 1, 0xff], 'selected field'],
    ['two selections', [1, 1, 0xaa, 1, 3, 0, 1, 0x61, 1, 3, 0, 1, 0x61], 'twice'],
    ['an unknown COTP format', [1, 1, 0xaa, 3, 1, 9], 'COTP'],
    ['an unknown checksum preference', [1, 1, 0xaa, 6, 1, 3], 'checksum'],
    ['an unknown tree mode', [1, 1, 0xaa, 4, 1, 0], 'tree'],
    ['a section cut short', [1, 1, 0xaa, 1, 9, 0], 'cut short'],
  ])('%s is refused as damaged', (_, body, why) => {
    const result = decodePermalink(forge(Uint8Array.from(body)));
    expect(result).toMatchObject({ ok: false, code: 'damaged' });
    expect(!result.ok && result.reason).toContain(why);
  });

  test('a section a later v1 writer adds is skipped', () => {
    const result = decodePermalink(forge(Uint8Array.from([1, 1, 0xaa, 99, 2, 7, 7])));
    expect(result).toEqual({ ok: true, state: state(Uint8Array.of(0xaa)) });
  });

  test('an unknown storage format is refused', () => {
    expect(decodePermalink(`v1.${toBase64url(Uint8Array.of(7, 1, 2, 3, 4, 5))}`)).toMatchObject({
      ok: false,
      code: 'damaged',
    });
  });
});
