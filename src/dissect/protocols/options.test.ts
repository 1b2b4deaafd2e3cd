// The one option walk (options.ts) under its three tables: IPv4 options, TCP options, IPv6 Hop-by-Hop and
// Destination options. Hand-built bytes for what goes wrong alike in all three, then the lean sink held to the tree
// sink on each of these frames and on fixed-seed mutations of them (the shared captures hold no broken options).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsById } from '..';
import { dissectFrame, dissectLean } from '../engine';
import { comparable, recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { allSpecs } from '../schema';
import { LeanWants } from '../sink';
import { decodeChecked as decode, firstField as first, problemOn } from '../testing/checked';
import { IPV6_DST, IPV6_SRC, ethernetFrame, ipv4Packet, ipv6Packet, tcpSegment } from '../testing/frames';
import { mutationOf } from '../testing/fuzz';

const V6 = { src: IPV6_SRC, dst: IPV6_DST };
const withIpOptions = (options: number[]) => ethernetFrame(ipv4Packet(tcpSegment([]), { options }));
const withTcpOptions = (options: number[]) => ethernetFrame(ipv4Packet(tcpSegment([], { options })));
/** A Hop-by-Hop Options header of 8 octets holding these 6 octets of options, then TCP. */
const withHopByHop = (options: number[]) =>
  ethernetFrame(ipv6Packet([6, 0, ...options, ...tcpSegment([], {}, V6)], 0), 0x86dd);

describe('one option walk for IPv4, TCP and IPv6 options', () => {
  it('an option cut before its length octet ends the walk, with a problem of the layer, in all three headers', () => {
    // Record Route (7) as the last octet of the IPv4 options, MSS (2) as the last of TCP's, Router Alert in IPv6.
    const ip = decode(withIpOptions([1, 1, 1, 7]));
    expect(first(ip, 'ip.options.record_route')).toMatchObject({
      offset: 37,
      length: 1,
      display: 'Record Route (no room for its length octet)',
    });
    expect(first(ip, 'ip.options.record_route').problems).toBeUndefined();
    expect(problemOn(ip, 'ip.options.record_route')).toMatchObject({
      severity: 'error',
      code: 'malformed',
      message: 'IP option Record Route at offset 37 has no length octet before the header ends at 38',
    });
    const tcp = decode(withTcpOptions([1, 1, 1, 2]));
    expect(first(tcp, 'tcp.options.mss')).toMatchObject({ length: 1, display: 'no room for its length octet' });
    expect(problemOn(tcp, 'tcp.options.mss')).toMatchObject({ severity: 'error', code: 'malformed' });
    const v6 = decode(withHopByHop([0, 0, 0, 0, 0, 5]));
    expect(v6.problems.find((p) => p.fieldId === 'ipv6.opt')).toMatchObject({
      severity: 'error',
      message: 'IPv6 option Router Alert at offset 61 has no length octet before the header ends at 62',
    });
  });

  it('padding after End of List that is not zero is a warning on the padding, for IPv4 and TCP', () => {
    const ip = decode(withIpOptions([0, 0, 1, 0]));
    expect(problemOn(ip, 'ip.opt.padding')).toMatchObject({ severity: 'warning', code: 'reserved-nonzero' });
    const tcp = decode(withTcpOptions([0, 0, 0, 9]));
    expect(first(tcp, 'tcp.options.padding').raw).toBe('000009');
    expect(problemOn(tcp, 'tcp.options.padding')).toMatchObject({ severity: 'warning', code: 'reserved-nonzero' });
  });

  it('reads every SACK block, and flags a SACK length that is not 2 + 8n, showing its data raw', () => {
    const two = decode(withTcpOptions([1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]));
    expect(first(two, 'tcp.options.sack').display).toBe('1-2 3-4');
    expect(two.problems).toEqual([]);
    const odd = decode(withTcpOptions([1, 1, 5, 6, 0, 0, 0, 1]));
    expect(first(odd, 'tcp.options.sack').display).toBe('00000001');
    expect(problemOn(odd, 'tcp.options.sack')).toMatchObject({
      code: 'malformed',
      message: 'TCP option SACK has length 6; it must be 2 + 8n',
    });
  });

  it('an IPv4 option length below 2 is flagged on its option, which then runs to the end of the options', () => {
    const frame = decode(withIpOptions([0x94, 1, 0, 0]));
    expect(first(frame, 'ip.options.routeralert')).toMatchObject({ length: 4, display: 'Router Alert, 1 bytes' });
    expect(problemOn(frame, 'ip.options.routeralert')!.message).toBe(
      'IP option Router Alert length 1 is below 2 (type + length)',
    );
  });

  it('IPv6 PadN and an unknown option: the PadN data must be zeros, the unknown one is shown raw', () => {
    const frame = decode(withHopByHop([1, 1, 0, 0x3e, 1, 0xab]));
    expect(first(frame, 'ipv6.opt.padn').raw).toBe('00');
    expect(first(frame, 'ipv6.opt_unknown_data').raw).toBe('ab');
    expect(fieldsById(frame, 'ipv6.opt').map((f) => f.display)).toEqual([
      'PadN, 1 bytes',
      'Unknown option 0x3e, 1 bytes',
    ]);
    expect(frame.problems).toEqual([]);
  });
});

describe('lean and tree sinks agree on options and extension headers', { timeout: 120_000 }, () => {
  const EVERY_ID = new LeanWants(new Set(allSpecs().map((s) => s.id)));
  const same = (bytes: Uint8Array, checksums: 'auto' | 'on' | 'off') => {
    const tree = recordOf(dissectFrame(bytes, 1, 1, { checksums }));
    const lean = dissectLean(bytes, 1, 1, EVERY_ID, { checksums });
    expect(comparable(lean)).toEqual(comparable(asLeanSees(tree, lean)));
  };
  const seeds = [
    withIpOptions([0x94, 4, 0, 0, 1, 0, 1, 0]),
    withIpOptions([7, 9, 4, 0, 1, 1, 1, 7]),
    withTcpOptions([
      2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 5, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1,
    ]),
    withTcpOptions([30, 4, 0xab, 0xcd, 2, 0, 1, 2]),
    withHopByHop([1, 1, 0, 0x3e, 1, 0xab]),
    withHopByHop([0, 0xc2, 9, 0, 0, 5]),
    // Routing (type 0), Destination Options, an atomic Fragment header, a Hop-by-Hop header out of place, TCP.
    ethernetFrame(
      ipv6Packet(
        [
          ...[60, 0, 0, 1, 0, 0, 0, 0],
          ...[44, 0, 1, 4, 0, 0, 0, 0],
          ...[0, 0, 0, 0, 1, 2, 3, 4],
          ...[6, 0, 1, 4, 0, 0, 0, 0],
          ...tcpSegment([], {}, V6),
        ],
        43,
      ),
      0x86dd,
    ),
  ].map((frame) => Uint8Array.from(frame));

  it('on each frame, under every checksum mode', () => {
    for (const bytes of seeds) for (const checksums of ['auto', 'on', 'off'] as const) same(bytes, checksums);
  });

  it('on fixed-seed mutations of them', () => {
    for (const seed of seeds) {
      fc.assert(fc.property(mutationOf(seed), fc.constantFrom('auto' as const, 'on' as const, 'off' as const), same), {
        seed: 20261205,
        numRuns: 300,
      });
    }
  });
});
