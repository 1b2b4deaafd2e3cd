// Display filters: the syntax subset, Wireshark 4.0's semantics for repeated and absent fields, and a reason for
// every filter refused. (Agreement with tshark -Y on real captures is in src/inputs/captures.test.ts.)
import { describe, expect, it } from 'vitest';
import { dissectFrame } from '..';
import {
  cotp,
  ethernetFrame,
  ipv6Packet,
  IPV6_DST,
  IPV6_SRC,
  isoOnTcp,
  tcpSegment,
  tpkt,
  vlanTag,
} from '../testing/frames';
import { compileFilter, type FilterTarget } from '.';

const CR = tpkt(cotp([0xe0, 0, 0, 0x00, 0x01, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a]));
const CC = tpkt(cotp([0xd0, 0x00, 0x01, 0x00, 0x02, 0x00, 0xc0, 1, 0x0a]));
const DT = tpkt(cotp([0xf0, 0x80], [0x32, 0x01]));

function target(bytes: Uint8Array | number[], number = 1, capture?: FilterTarget['capture']): FilterTarget {
  const data = Uint8Array.from(bytes);
  return { frame: dissectFrame(data, 1, number), bytes: data, ...(capture ? { capture } : {}) };
}

const FRAMES: Record<string, FilterTarget> = {
  cr: target(isoOnTcp(CR, { srcport: 1555, dstport: 102 }), 1),
  cc: target(isoOnTcp(CC, { srcport: 102, dstport: 1555 }), 2),
  // Two TPDUs in one segment: cotp.type occurs twice (CC and DT).
  ccdt: target(isoOnTcp([...CC, ...DT], { srcport: 102, dstport: 1555 }), 3),
  reserved: target(isoOnTcp(tpkt(cotp([0xf0, 0x80]), 0x11), { srcport: 1555, dstport: 102 }), 4),
  plainTcp: target(isoOnTcp([], { srcport: 80, dstport: 4000, flags: 0x12 }), 5),
  vlan6: target(
    ethernetFrame(
      [
        ...vlanTag(100, 0x86dd),
        ...ipv6Packet(tcpSegment(CR, { srcport: 1555, dstport: 102 }, { src: IPV6_SRC, dst: IPV6_DST })),
      ],
      0x8100,
    ),
    6,
  ),
  arp: target(ethernetFrame(new Array(28).fill(0), 0x0806), 7, {
    originalLength: 60,
    interface: 1,
    comments: ['first ARP'],
    relative: 2.5,
    epoch: 1_400_000_000.5,
  }),
};

function matching(text: string): string[] {
  const compiled = compileFilter(text);
  if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message} (column ${compiled.error.column})`);
  return Object.entries(FRAMES)
    .filter(([, t]) => compiled.filter?.test(t) ?? true)
    .map(([name]) => name);
}

describe('display filters: what matches', () => {
  it('presence of a protocol or a field', () => {
    expect(matching('cotp')).toEqual(['cr', 'cc', 'ccdt', 'reserved', 'vlan6']);
    expect(matching('vlan')).toEqual(['vlan6']);
    expect(matching('ipv6')).toEqual(['vlan6']);
    expect(matching('cotp.src-tsap')).toEqual(['cr', 'vlan6']);
    expect(matching('')).toHaveLength(Object.keys(FRAMES).length);
  });

  it('comparisons in hex, decimal and by value name', () => {
    expect(matching('cotp.type == 0x0d')).toEqual(['cc', 'ccdt']);
    expect(matching('cotp.type == 13')).toEqual(['cc', 'ccdt']);
    expect(matching('cotp.type == CC')).toEqual(['cc', 'ccdt']);
    expect(matching('cotp.type eq "CR Connect Request"')).toEqual(['cr', 'vlan6']);
    expect(matching('tpkt.reserved != 0')).toEqual(['reserved']);
    expect(matching('tpkt.length >= 20')).toEqual(['cr', 'vlan6']);
    expect(matching('tcp.flags.syn == 1')).toEqual(['plainTcp']);
    expect(matching('tcp.flags.syn == true')).toEqual(['plainTcp']);
  });

  it('Wireshark 4.0 semantics: == is any occurrence, != is all occurrences, ~= is any-not-equal, absent is false', () => {
    expect(matching('cotp.type == 0x0f')).toEqual(['ccdt', 'reserved']);
    expect(matching('cotp.type != 0x0d')).toEqual(['cr', 'reserved', 'vlan6']);
    expect(matching('cotp.type ~= 0x0d')).toEqual(['cr', 'ccdt', 'reserved', 'vlan6']);
    expect(matching('!(cotp.type == 0x0d)')).toEqual(['cr', 'reserved', 'plainTcp', 'vlan6', 'arp']);
  });

  it('tcp.port, ip.addr, ipv6.addr and eth.addr match either side', () => {
    expect(matching('tcp.port == 102')).toEqual(['cr', 'cc', 'ccdt', 'reserved', 'vlan6']);
    expect(matching('tcp.port in {80 3389}')).toEqual(['plainTcp']);
    expect(matching('tcp.port in {80, 102}')).toHaveLength(6);
    expect(matching('ip.addr == 10.0.0.2')).toEqual(['cr', 'cc', 'ccdt', 'reserved', 'plainTcp']);
    expect(matching('ip.src == 10.0.0.0/8 && tcp.srcport == 102')).toEqual(['cc', 'ccdt']);
    expect(matching('ipv6.addr == 2001:db8::2')).toEqual(['vlan6']);
    expect(matching('ipv6.src == 2001:db8::/32')).toEqual(['vlan6']);
    expect(matching('eth.addr == 00-0c-29-aa-bb-cc')).toHaveLength(7);
  });

  it('&&, ||, !, parentheses, and the word forms', () => {
    expect(matching('cotp && !(tcp.srcport == 102)')).toEqual(['cr', 'reserved', 'vlan6']);
    expect(matching('vlan || ipv6 || tpkt.reserved != 0')).toEqual(['reserved', 'vlan6']);
    expect(matching('not cotp and tcp')).toEqual(['plainTcp']);
    expect(matching('cotp.type == 0x0e or cotp.type == 0x0d and tcp.srcport == 102')).toEqual([
      'cr',
      'cc',
      'ccdt',
      'vlan6',
    ]);
  });

  it('contains on strings and bytes, matches on strings', () => {
    expect(matching('cotp.dst-tsap contains "\\x01"')).toEqual([]);
    expect(matching('tpkt contains 03:11')).toEqual(['reserved']);
    expect(matching('frame contains 03:00:00:0e')).toEqual(['cc', 'ccdt']);
    expect(matching('frame.protocols contains "vlan"')).toEqual(['vlan6']);
    expect(matching('frame.protocols ~ "^eth:ip:tcp:tpkt"')).toEqual(['cr', 'cc', 'ccdt', 'reserved']);
  });

  it('frame facts from the capture and the problems framescope found', () => {
    expect(matching('frame.number > 5')).toEqual(['vlan6', 'arp']);
    expect(matching('frame.interface_id == 1')).toEqual(['arp']);
    expect(matching('frame.comment contains "ARP"')).toEqual(['arp']);
    expect(matching('frame.time_relative >= 2.5')).toEqual(['arp']);
    expect(matching('_ws.expert')).toEqual(['reserved']);
    expect(matching('_ws.expert.severity == "note"')).toEqual(['reserved']);
    expect(compileFilter('frame.number > 5')).toMatchObject({ ok: true, filter: { needsDissection: false } });
    expect(compileFilter('cotp')).toMatchObject({ ok: true, filter: { needsDissection: true } });
  });
});

describe('display filters: refused with a reason and a column', () => {
  it.each([
    ['cotp.typo == 1', 1, /"cotp.typo" is neither a field nor a protocol/],
    ['cotp.type == zz', 14, /"zz" is not a number/],
    ['ip.addr == 10.0.0.300', 12, /not an IPv4 address/],
    ['eth.src == 00:11', 12, /not a MAC address/],
    ['cotp.type ==', 13, /ends too early/],
    ['(cotp', 1, /never closed/],
    ['cotp &&& tcp', 8, /"&" was unexpected/],
    ['dns', 1, /"dns" is neither a field nor a protocol framescope knows/],
    ['cotp tcp', 6, /"tcp" was unexpected/],
    ['cotp.src-tsap == "abc', 18, /no closing quote/],
    ['tcp.port contains 3', 1, /"contains" works on strings and bytes/],
    ['frame.protocols ~ "("', 19, /not a valid regular expression/],
    ['tcp.port in {}', 13, /empty/],
  ])('%s', (text, column, message) => {
    const compiled = compileFilter(text);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.error.message).toMatch(message);
    expect(compiled.error.column).toBe(column);
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '"',
      '\\',
      '((((',
      ')',
      '!',
      '== ==',
      'a'.repeat(5000),
      '\u0000',
      '{}',
      'cotp.type == 0x',
      'in in in',
    ]) {
      expect(() => compileFilter(text)).not.toThrow();
    }
  });
});

describe("_ws.expert.severity and _ws.expert.group: Wireshark's numbers, ordered", () => {
  // A class 0 CR with CDT 1 breaks "set to 0000 in classes 0 and 1" (warning); TPKT version 2 cannot be taken (error);
  // a non-zero TPKT reserved octet breaks no rule (note).
  const CDT_CR = tpkt(cotp([0xe1, 0, 0, 0x00, 0x01, 0x00]));
  const EXPERT: Record<string, FilterTarget> = {
    clean: target(isoOnTcp(CC, { srcport: 102, dstport: 1555 }), 1),
    note: target(isoOnTcp(tpkt(cotp([0xf0, 0x80]), 0x11), { srcport: 1555, dstport: 102 }), 2),
    warning: target(isoOnTcp(CDT_CR, { srcport: 1555, dstport: 102 }), 3),
    noteAndWarning: target(isoOnTcp(tpkt(cotp([0xe1, 0, 0, 0x00, 0x01, 0x00]), 0x11), { dstport: 102 }), 4),
    error: target(isoOnTcp([2, 0, 0, 7, 2, 0xf0, 0x80], { srcport: 1555, dstport: 102 }), 5),
  };
  const expertMatching = (text: string): string[] => {
    const compiled = compileFilter(text);
    if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message} (column ${compiled.error.column})`);
    return Object.entries(EXPERT)
      .filter(([, t]) => compiled.filter?.test(t) ?? true)
      .map(([name]) => name);
  };

  it('the fixtures hold the severities they are named after', () => {
    const severities = (name: string) => [...new Set(EXPERT[name]!.frame.problems.map((p) => p.severity))].sort();
    expect(severities('clean')).toEqual([]);
    expect(severities('note')).toEqual(['note']);
    expect(severities('warning')).toEqual(['warning']);
    expect(severities('noteAndWarning')).toEqual(['note', 'warning']);
    expect(severities('error')).toEqual(['error']);
  });

  it('compares by level, named as tshark names them or as numbers', () => {
    expect(expertMatching('_ws.expert.severity >= warning')).toEqual(['warning', 'noteAndWarning', 'error']);
    expect(expertMatching('_ws.expert.severity >= Warning')).toEqual(['warning', 'noteAndWarning', 'error']);
    expect(expertMatching('_ws.expert.severity > note')).toEqual(['warning', 'noteAndWarning', 'error']);
    expect(expertMatching('_ws.expert.severity == note')).toEqual(['note', 'noteAndWarning']);
    expect(expertMatching('_ws.expert.severity == "Error"')).toEqual(['error']);
    expect(expertMatching('_ws.expert.severity == 0x600000')).toEqual(['warning', 'noteAndWarning']);
    expect(expertMatching('_ws.expert.severity == 6291456')).toEqual(['warning', 'noteAndWarning']);
    expect(expertMatching('_ws.expert.severity < warning')).toEqual(['note', 'noteAndWarning']);
    expect(expertMatching('_ws.expert.severity >= chat')).toEqual(['note', 'warning', 'noteAndWarning', 'error']);
    // "!=" is all-not-equal, as in Wireshark 4.0: a frame with a note and a warning is not "!= note".
    expect(expertMatching('_ws.expert.severity != note')).toEqual(['warning', 'error']);
    expect(expertMatching('_ws.expert.severity in {note error}')).toEqual(['note', 'noteAndWarning', 'error']);
  });

  it('refuses a name that is not a level, as tshark does', () => {
    expect(compileFilter('_ws.expert.severity == warn')).toMatchObject({ ok: false });
    expect(compileFilter('_ws.expert.severity contains "warn"')).toMatchObject({ ok: false });
  });

  it('files each problem code under a Wireshark group', () => {
    expect(expertMatching('_ws.expert.group == Protocol')).toEqual(['note', 'warning', 'noteAndWarning', 'error']);
    expect(expertMatching('_ws.expert.group == 0x9000000')).toEqual(['note', 'warning', 'noteAndWarning', 'error']);
    expect(expertMatching('_ws.expert.group == Checksum')).toEqual([]);
    expect(expertMatching('_ws.expert.message contains "CDT"')).toEqual(['warning', 'noteAndWarning']);
  });
});
