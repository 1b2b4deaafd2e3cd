// Every capture in ../shared/captures (read by path, never copied): frame counts and link types as MANIFEST.md
// records them, every frame dissected with every byte owned by a field, and — where tshark is installed — frame
// count, link type, timestamp and lengths of every frame equal to tshark's. Then files made by real tools
// (editcap, mergecap, text2pcap, gzip) from those captures and from frames built here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldsById } from '../dissect';
import { invariantViolations } from '../dissect/testing/invariants';
import { compileFilter } from '../dissect/filter';
import {
  IPV6_DST,
  IPV6_SRC,
  cotp,
  ethernetFrame,
  ipv4Packet,
  ipv6Packet,
  tcpSegment,
  tpkt,
  vlanTag,
} from '../dissect/testing/frames';
import { readCapture, type CaptureReader } from './capture';
import { dissectCaptureFrame, filterTarget, firstTimestamp } from './capture-frames';
import { epochTime } from './capture-time';

const CAPTURES = new URL('../../../shared/captures/', import.meta.url);
const path = (name: string) => fileURLToPath(new URL(name, CAPTURES));
const read = (file: string): CaptureReader => readCapture(readFileSync(file));

/**
 * From MANIFEST.md: format as read from the bytes, link type, frames, and COTP CR / CC TPDUs (tshark 4.0.17).
 * `resent`: TPDUs in TCP retransmissions, which tshark's sequence analysis leaves undissected and framescope, reading
 * each frame on its own, dissects (tshark -Y tcp.analysis.retransmission shows them).
 */
const MANIFEST: Readonly<
  Record<
    string,
    {
      format: 'pcap' | 'pcapng';
      gzip?: true;
      linkType: number;
      frames: number;
      cr: number;
      cc: number;
      resent?: { cr: number; cc: number };
    }
  >
> = {
  'dina_acse_accept.pcap': { format: 'pcap', linkType: 0, frames: 4, cr: 0, cc: 0 },
  'dina_cotp.pcap': { format: 'pcap', linkType: 0, frames: 4273, cr: 1, cc: 1 },
  'dina_pres_trace.pcap': { format: 'pcap', linkType: 0, frames: 18, cr: 1, cc: 1 },
  'emreekin_pro2.pcap': { format: 'pcap', linkType: 1, frames: 2, cr: 1, cc: 0 },
  'emreekin_wamp.pcap': { format: 'pcap', linkType: 1, frames: 374, cr: 0, cc: 0 },
  'ge_multilin_GOOSE_and_MMS.pcapng': { format: 'pcapng', linkType: 1, frames: 1580, cr: 1, cc: 1 },
  'icsnpp_s7ident.pcap': { format: 'pcap', linkType: 1, frames: 36, cr: 1, cc: 1 },
  'iec61850_read.pcap': { format: 'pcap', linkType: 1, frames: 20, cr: 1, cc: 1 },
  'LM_rdp_sharprdp.pcapng': { format: 'pcapng', linkType: 1, frames: 1046, cr: 2, cc: 2 },
  'ndpi_h323.pcap': { format: 'pcap', linkType: 1, frames: 75, cr: 0, cc: 0 },
  'ndpi_iso9506-1-mms.pcap': { format: 'pcap', linkType: 1, frames: 22, cr: 1, cc: 1 },
  'ndpi_rdp.pcap': { format: 'pcap', linkType: 0, frames: 20, cr: 1, cc: 1 },
  'ndpi_rdp3.pcap': { format: 'pcap', linkType: 1, frames: 30, cr: 1, cc: 1 },
  'ndpi_s7comm.pcap': { format: 'pcap', linkType: 1, frames: 55, cr: 1, cc: 1 },
  'pcapplusplus_tpkt_cotp.pcap': { format: 'pcap', linkType: 1, frames: 1, cr: 0, cc: 0 },
  'Profinet_Failed.pcap': { format: 'pcap', linkType: 1, frames: 56, cr: 2, cc: 1 },
  'S7-1511_db2_var1_HMI.pcap': { format: 'pcapng', linkType: 1, frames: 39, cr: 1, cc: 1 },
  's7comm_program_blocklist_onlineview.pcap': { format: 'pcap', linkType: 1, frames: 140, cr: 5, cc: 5 },
  's7comm_reading_plc_status.pcap': { format: 'pcap', linkType: 1, frames: 240, cr: 1, cc: 1 },
  's7comm_varservice_libnodavedemo_bench.pcap': { format: 'pcap', linkType: 1, frames: 10171, cr: 1, cc: 1 },
  'Sample_File_MMS_and_GOOSE.pcap': { format: 'pcap', linkType: 1, frames: 301, cr: 1, cc: 1 },
  'snap7_s300_readVar.pcapng': { format: 'pcap', linkType: 1, frames: 2, cr: 0, cc: 0 },
  'step7_s300_readDiagData.pcapng': { format: 'pcap', linkType: 1, frames: 679, cr: 0, cc: 0 },
  'suricata_RDP-003.pcap': { format: 'pcap', linkType: 1, frames: 435, cr: 1, cc: 1 },
  'tia_s300_goOnline.pcapng': { format: 'pcap', linkType: 1, frames: 448, cr: 0, cc: 0 },
  'V13_1200_TP1200sim_MW100_Int_SPS_5s_MW102_Int_SPS_10s_MW102_ab_1000_Timer_sync.pcapng': {
    format: 'pcapng',
    linkType: 1,
    frames: 169,
    cr: 2,
    cc: 2,
  },
  'windows_miscellany.pcap.gz': { format: 'pcapng', gzip: true, linkType: 1, frames: 1557, cr: 3, cc: 3 },
  'zeek_rdp-no-cookie-mstshash.pcap': {
    format: 'pcap',
    linkType: 1,
    frames: 20,
    cr: 1,
    cc: 1,
    resent: { cr: 1, cc: 1 },
  },
  'zeek_rdp-to-ssl.pcap': { format: 'pcap', linkType: 1, frames: 658, cr: 2, cc: 2 },
  'zeek_rdp-x509.pcap': { format: 'pcap', linkType: 1, frames: 15, cr: 1, cc: 1, resent: { cr: 1, cc: 1 } },
};

const TSHARK = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const TOOLS =
  TSHARK &&
  ['editcap', 'mergecap', 'text2pcap'].every((tool) => spawnSync(tool, ['-h'], { encoding: 'utf8' }).status === 0);
/** tshark's frame.encap_type (Wireshark's WTAP_ENCAP_*) → LINKTYPE_ value, for the encapsulations read here. */
const WTAP_TO_LINKTYPE: Readonly<Record<number, number>> = {
  1: 1,
  7: 101,
  15: 0,
  25: 113,
  129: 228,
  130: 229,
  174: 108,
  210: 276,
};

interface TsharkFrame {
  readonly linkType: number;
  readonly epoch: string;
  readonly length: number;
  readonly captured: number;
}

function tsharkFrames(file: string, extra: readonly string[] = []): TsharkFrame[] {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      ...extra,
      '-T',
      'fields',
      '-e',
      'frame.encap_type',
      '-e',
      'frame.time_epoch',
      '-e',
      'frame.len',
      '-e',
      'frame.cap_len',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const [encap, epoch, length, captured] = line.split('\t');
      return {
        linkType: WTAP_TO_LINKTYPE[Number(encap)] ?? -Number(encap),
        epoch: epoch!,
        length: Number(length),
        captured: Number(captured),
      };
    });
}

function ours(reader: CaptureReader): TsharkFrame[] {
  return Array.from({ length: reader.frameCount() }, (_, i) => {
    const f = reader.frame(i + 1)!;
    return { linkType: f.linkType, epoch: epochTime(f.time!, 9), length: f.originalLength, captured: f.capturedLength };
  });
}

describe('the shared captures', { timeout: 120_000 }, () => {
  it('has every capture the manifest lists', () => {
    const listed = readFileSync(path('MANIFEST.md'), 'utf8')
      .match(/^\| `([^`]+)` \|/gm)!
      .map((l) => l.slice(3, -3));
    expect(listed.sort()).toEqual(Object.keys(MANIFEST).sort());
  });

  for (const [name, expected] of Object.entries(MANIFEST)) {
    describe(name, () => {
      const reader = read(path(name));
      it(`is read by content (${expected.gzip ? 'gzip of ' : ''}${expected.format}) whole, without a problem: ${expected.frames} frames, link type ${expected.linkType}`, () => {
        const summary = reader.summary();
        expect(summary).toMatchObject({
          format: expected.format,
          compressed: expected.gzip === true,
          frameCount: expected.frames,
          problems: [],
          done: true,
        });
        expect(new Set(summary.interfaces.map((i) => i.linkType))).toEqual(new Set([expected.linkType]));
      });

      it('every frame dissects with every byte owned by a field; CR and CC TPDUs as tshark counts them', () => {
        const start = firstTimestamp(reader);
        const counts = { cr: 0, cc: 0 };
        for (let n = 1; n <= reader.frameCount(); n++) {
          const { frame } = dissectCaptureFrame(reader, n, start)!;
          const violations = invariantViolations(frame);
          if (violations.length > 0) expect(violations, `frame ${n}`).toEqual([]);
          for (const f of fieldsById(frame, 'cotp.type')) {
            if (f.value === 0x0e) counts.cr++;
            if (f.value === 0x0d) counts.cc++;
          }
        }
        expect(counts).toEqual({
          cr: expected.cr + (expected.resent?.cr ?? 0),
          cc: expected.cc + (expected.resent?.cc ?? 0),
        });
      });

      it.skipIf(!TSHARK)(
        'agrees with tshark on every frame: link type, timestamp, length on the wire, captured length',
        () => {
          expect(ours(reader)).toEqual(tsharkFrames(path(name)));
        },
      );
    });
  }

  it.skipIf(!TSHARK)('filters as tshark -Y does on a filter both read the same way', () => {
    const reader = read(path('s7comm_program_blocklist_onlineview.pcap'));
    const start = firstTimestamp(reader);
    for (const text of [
      'cotp.type == 0x0d',
      'tcp.port == 4205 && tcp.flags.syn == 1',
      'tpkt && !(ip.src == 192.168.1.40)',
      'frame.len > 100 && cotp',
      'tcp.flags.reset == 1 || cotp.type == 0x0e',
    ]) {
      const compiled = compileFilter(text);
      if (!compiled.ok) throw new Error(compiled.error.message);
      const mine = Array.from({ length: reader.frameCount() }, (_, i) => i + 1).filter((n) =>
        compiled.filter!.test(filterTarget(dissectCaptureFrame(reader, n, start)!, start)),
      );
      const theirs = execFileSync(
        'tshark',
        ['-r', path('s7comm_program_blocklist_onlineview.pcap'), '-Y', text, '-T', 'fields', '-e', 'frame.number'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      )
        .split('\n')
        .filter(Boolean)
        .map(Number);
      expect(mine, text).toEqual(theirs);
    }
  });
});

describe.skipIf(!TOOLS)('captures made by real tools', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'framescope-captures-'));
  const run = (tool: string, args: readonly string[]) =>
    execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  it('editcap: nanosecond pcap, and pcapng, from a pcap: same frames, same times', () => {
    const source = path('s7comm_reading_plc_status.pcap');
    for (const format of ['nsecpcap', 'pcapng']) {
      const out = join(dir, `plc.${format}`);
      run('editcap', ['-F', format, source, out]);
      const reader = read(out);
      expect(reader.summary().format).toBe(format === 'pcapng' ? 'pcapng' : 'pcap');
      if (format === 'nsecpcap') expect(reader.summary().interfaces[0]!.digits).toBe(9);
      expect(ours(reader)).toEqual(tsharkFrames(out));
    }
  });

  it('editcap -s: records cut to a snap length keep their length on the wire', () => {
    const out = join(dir, 'snap.pcapng');
    run('editcap', ['-F', 'pcapng', '-s', '60', path('emreekin_wamp.pcap'), out]);
    const reader = read(out);
    expect(ours(reader)).toEqual(tsharkFrames(out));
    const { frame } = dissectCaptureFrame(reader, 1, firstTimestamp(reader))!;
    expect(frame.length).toBe(60);
    expect(frame.capture!.originalLength).toBe(265);
    expect(frame.problems.some((p) => p.code === 'truncated')).toBe(true);
  });

  it('mergecap: one pcapng, two interfaces with their own link types (null and Ethernet), frames in time order', () => {
    const out = join(dir, 'merged.pcapng');
    run('mergecap', ['-F', 'pcapng', '-w', out, path('dina_pres_trace.pcap'), path('iec61850_read.pcap')]);
    const reader = read(out);
    expect(reader.summary().interfaces.map((i) => i.linkType)).toEqual([0, 1]);
    expect(reader.frameCount()).toBe(38);
    expect(ours(reader)).toEqual(tsharkFrames(out));
    const start = firstTimestamp(reader);
    const stacks = new Set(
      Array.from({ length: 38 }, (_, i) => dissectCaptureFrame(reader, i + 1, start)!.frame.layers[0]!.protocol),
    );
    expect(stacks).toEqual(new Set(['null', 'eth']));
  });

  it('gzip: a gzip-compressed pcapng reads like the pcapng', () => {
    const pcapng = join(dir, 'plc.pcapng');
    const gz = join(dir, 'plc.gz');
    writeFileSync(gz, execFileSync('gzip', ['-c', pcapng]));
    expect(ours(read(gz))).toEqual(ours(read(pcapng)));
    expect(read(gz).summary().compressed).toBe(true);
  });

  // Frames built here, written by text2pcap with each link type: tshark and framescope see the same protocols.
  const CR = tpkt(cotp([0xe0, 0, 0, 0x00, 0x01, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a]));
  const V4 = ipv4Packet(tcpSegment(CR, {}, { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] }));
  const V6 = (payload: number[], next: number) => ipv6Packet(payload, next);
  const T6 = tcpSegment(CR, {}, { src: IPV6_SRC, dst: IPV6_DST });
  const mac = [0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcc];
  const LINKS: Record<string, [number, number[][]]> = {
    ethernet: [
      1,
      [
        ethernetFrame([...vlanTag(100, 0x0800, 1), ...V4], 0x8100),
        ethernetFrame([...vlanTag(200, 0x8100), ...vlanTag(100, 0x86dd), ...V6(T6, 6)], 0x88a8),
        ethernetFrame(
          V6(
            [
              43,
              0,
              1,
              4,
              0,
              0,
              0,
              0,
              60,
              2,
              0,
              0,
              0,
              0,
              0,
              0,
              ...IPV6_DST,
              44,
              0,
              1,
              4,
              0,
              0,
              0,
              0,
              6,
              0,
              0,
              0,
              0,
              0,
              0,
              1,
              ...T6,
            ],
            0,
          ),
          0x86dd,
        ),
        ethernetFrame(V6([6, 0, 0x05, 0xc9, 0, 0, 0, 0x99, ...new Array(16).fill(0xaa)], 44), 0x86dd),
        ethernetFrame(ipv4Packet(tcpSegment(CR).slice(0, 24), { flagsFrag: 0x2000 })),
      ],
    ],
    null: [
      0,
      [
        [2, 0, 0, 0, ...V4],
        [30, 0, 0, 0, ...V6(T6, 6)],
        [0, 0, 0, 2, ...V4],
      ],
    ],
    loop: [
      108,
      [
        [0, 0, 0, 2, ...V4],
        [0, 0, 0, 24, ...V6(T6, 6)],
      ],
    ],
    sll: [113, [[0, 4, 0, 1, 0, 6, ...mac, 0, 0, 0x08, 0x00, ...V4]]],
    sll2: [276, [[0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, ...mac, 0, 0, ...V6(T6, 6)]]],
    raw: [101, [V4, V6(T6, 6)]],
    ipv4: [228, [V4]],
    ipv6: [229, [V6(T6, 6)]],
  };
  /** The new layers' ids whose values tshark 4.0 gives in the same meaning (Wireshark names the 802.1ad type ieee8021ah.etype). */
  const COMPARED_IDS = [
    'null.family',
    'sll.pkttype',
    'sll.hatype',
    'sll.halen',
    'sll.src.eth',
    'sll.unused',
    'sll.etype',
    'sll.ifindex',
    'vlan.priority',
    'vlan.dei',
    'vlan.id',
    'vlan.etype',
    'ieee8021ad.priority',
    'ieee8021ad.dei',
    'ieee8021ad.id',
    'ipv6.version',
    'ipv6.tclass.dscp',
    'ipv6.tclass.ecn',
    'ipv6.flow',
    'ipv6.plen',
    'ipv6.nxt',
    'ipv6.hlim',
    'ipv6.src',
    'ipv6.dst',
    'ipv6.hopopts.nxt',
    'ipv6.hopopts.len',
    'ipv6.dstopts.nxt',
    'ipv6.dstopts.len',
    'ipv6.opt.type',
    'ipv6.opt.length',
    'ipv6.opt.padn',
    'ipv6.routing.nxt',
    'ipv6.routing.len',
    'ipv6.routing.type',
    'ipv6.routing.segleft',
    'ipv6.fraghdr.nxt',
    'ipv6.fraghdr.reserved_octet',
    'ipv6.fraghdr.offset',
    'ipv6.fraghdr.reserved_bits',
    'ipv6.fraghdr.more',
    'ipv6.fraghdr.ident',
    'ip.len',
    'ip.flags.mf',
    'ip.frag_offset',
    'tcp.srcport',
    'tcp.dstport',
    'tpkt.length',
    'cotp.type',
  ];
  for (const [name, [linkType, frames]] of Object.entries(LINKS)) {
    it(`text2pcap -l ${linkType} (${name}): the same layers as tshark's frame.protocols`, () => {
      const text = join(dir, `${name}.txt`);
      const out = join(dir, `${name}.pcap`);
      writeFileSync(
        text,
        frames.map((f) => `0000 ${f.map((b) => b.toString(16).padStart(2, '0')).join(' ')}\n`).join('\n'),
      );
      run('text2pcap', ['-q', '-F', 'pcap', '-l', String(linkType), text, out]);
      const reader = read(out);
      const start = firstTimestamp(reader);
      // Without sequence analysis: the frames here repeat one segment, which tshark would call retransmissions.
      const theirs = execFileSync(
        'tshark',
        ['-r', out, '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields', '-e', 'frame.protocols'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      )
        .split('\n')
        .filter(Boolean);
      const mine = frames.map((_, i) => {
        const { frame } = dissectCaptureFrame(reader, i + 1, start)!;
        expect(invariantViolations(frame)).toEqual([]);
        expect(frame.problems.filter((p) => p.severity === 'error')).toEqual([]);
        return frame.layers.map((l) => l.protocol).join(':');
      });
      // tshark lists its EtherType dispatcher and each IPv6 extension header as protocols of their own; framescope
      // shows the extension headers inside the IPv6 layer, as Wireshark's tree does.
      expect(mine).toEqual(
        theirs.map((p) =>
          p
            .split(':')
            .filter((x) => x !== 'ethertype' && !x.startsWith('ipv6.'))
            .join(':'),
        ),
      );

      // Field by field: every id both tshark and framescope have, with the same values in every frame.
      const json = JSON.parse(
        execFileSync('tshark', ['-r', out, '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'json'], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ) as { _source: { layers: unknown } }[];
      frames.forEach((_, i) => {
        const { frame } = dissectCaptureFrame(reader, i + 1, start)!;
        const tshark = new Map<string, string[]>();
        const collect = (node: unknown) => {
          if (!node || typeof node !== 'object') return;
          for (const [key, value] of Object.entries(node)) {
            if (typeof value === 'string') tshark.set(key, [...(tshark.get(key) ?? []), value]);
            else collect(value);
          }
        };
        collect(json[i]!._source.layers);
        let compared = 0;
        for (const id of COMPARED_IDS) {
          const mineValues = fieldsById(frame, id).map((f) => f.value);
          const theirValues = tshark.get(id) ?? [];
          if (mineValues.length === 0 && theirValues.length === 0) continue;
          const normal = (v: string | number, like: string | number | undefined) =>
            typeof like === 'number' ? Number(v) : String(v).replace(/:/g, '').toLowerCase();
          expect(
            theirValues.map((v, k) => normal(v, mineValues[k])),
            `frame ${i + 1} ${id}`,
          ).toEqual(mineValues.map((v) => normal(v, v)));
          compared++;
        }
        expect(compared, `frame ${i + 1}`).toBeGreaterThanOrEqual(3);
      });
    });
  }
});
