// "Apply as Filter": the filter written for a selected field reads back through the filter compiler and matches the
// frame it came from — on every field of real frames — in the syntax Wireshark writes; tshark -Y agrees on which
// frames it selects; and the combinations are Wireshark's.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dissectFrame, fieldsById, walkFields, type Field, type Frame } from '..';
import { parseText } from '../../inputs';
import { readCapture } from '../../inputs/capture';
import { dissectCaptureFrame, filterTarget, firstTimestamp } from '../../inputs/capture-frames';
import { cotp, ethernetFrame, ipv6Packet, isoOnTcp, tcpSegment, tpkt } from '../testing/frames';
import {
  addressFilter,
  combineFilter,
  compileFilter,
  fieldFilter,
  protocolFilter,
  type FilterHow,
  type FilterTarget,
} from '.';

const CAPTURES = new URL('../../../../shared/captures/', import.meta.url);
const capturePath = (name: string) => fileURLToPath(new URL(name, CAPTURES));
const KB = readFileSync(new URL('../../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const TSHARK = spawnSync('tshark', ['-v']).status === 0;

function built(bytes: Uint8Array | number[]): FilterTarget<Frame> {
  const data = Uint8Array.from(bytes);
  return { frame: dissectFrame(data, 1, 1), bytes: data };
}

function only(frame: Frame, id: string): Field {
  const fields = fieldsById(frame, id);
  expect(fields, id).toHaveLength(1);
  return fields[0]!;
}

/** The filter text, failing the test when there is none. */
function textOf(result: ReturnType<typeof fieldFilter>): string {
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

function matches(text: string, target: FilterTarget): boolean {
  const compiled = compileFilter(text);
  if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message}`);
  return compiled.filter!.test(target);
}

// A CR whose calling TSAP holds a quote and a backslash: the filter's string must read back to the same text.
const CR_ODD_TSAP = tpkt(cotp([0xe0, 0, 0, 0x00, 0x07, 0x00, 0xc1, 4, 0x22, 0x5c, 0x78, 0x41, 0xc0, 1, 0x0a]));

describe('fieldFilter', () => {
  const kb = (() => {
    const frame = parseText(KB).frames[0]!;
    return { frame: dissectFrame(frame.bytes, frame.linkType, 1), bytes: frame.bytes };
  })();

  it('writes each kind as Wireshark does: hex as shown, decimal, addresses, flags', () => {
    expect(textOf(fieldFilter(only(kb.frame, 'cotp.type')))).toBe('cotp.type == 0x0d');
    expect(textOf(fieldFilter(only(kb.frame, 'tpkt.reserved')))).toBe('tpkt.reserved == 17');
    expect(textOf(fieldFilter(only(kb.frame, 'cotp.destref')))).toBe('cotp.destref == 0x01ca');
    expect(textOf(fieldFilter(only(kb.frame, 'ip.src')))).toBe('ip.src == 134.38.52.77');
    expect(textOf(fieldFilter(only(kb.frame, 'eth.dst')))).toBe('eth.dst == 00:00:a2:00:c0:4a');
    expect(textOf(fieldFilter(only(kb.frame, 'tcp.flags.ack')))).toBe('tcp.flags.ack == 1');
    expect(textOf(fieldFilter(only(kb.frame, 'tcp.srcport')))).toBe('tcp.srcport == 102');
  });

  it('quotes strings so that the filter reads back to the very text, escapes included', () => {
    const target = built(isoOnTcp(CR_ODD_TSAP));
    const tsap = only(target.frame, 'cotp.src-tsap');
    const text = textOf(fieldFilter(tsap));
    expect(tsap.value).toBe('"\\xA');
    expect(text).toBe('cotp.src-tsap == "\\"\\\\xA"');
    expect(matches(text, target)).toBe(true);
    expect(matches(textOf(fieldFilter(only(kb.frame, 'cotp.src-tsap'))), target)).toBe(false);
  });

  it('writes bytes colon-separated, IPv6 in its text form, and a grouping field by its name alone', () => {
    const v6 = built(
      ethernetFrame(ipv6Packet(tcpSegment(tpkt(cotp([0xf0, 0x80])), { srcport: 1555, dstport: 102 })), 0x86dd),
    );
    expect(textOf(fieldFilter(only(v6.frame, 'ipv6.src')))).toBe('ipv6.src == 2001:db8::1');
    expect(matches(textOf(fieldFilter(only(v6.frame, 'ipv6.src'))), v6)).toBe(true);
    const payload = built(isoOnTcp(tpkt(cotp([0xf0, 0x80], [0x32, 0x01, 0xff]))));
    expect(textOf(fieldFilter(only(payload.frame, 'cotp.user_data')))).toBe('cotp.user_data == 32:01:ff');
    const parameters = fieldsById(kb.frame, 'cotp.parameter');
    expect(parameters.map((p) => textOf(fieldFilter(p)))).toEqual([
      'cotp.parameter',
      'cotp.parameter',
      'cotp.parameter',
    ]);
    expect(matches('cotp.parameter', kb)).toBe(true);
  });

  it('says why when the filters do not know the field', () => {
    expect(fieldFilter({ id: 'nosuch.field', value: 1, length: 1 })).toEqual({
      ok: false,
      reason: "framescope's display filters do not know nosuch.field.",
    });
    expect(protocolFilter('modbus').ok).toBe(false);
    expect(protocolFilter('cotp')).toEqual({ ok: true, text: 'cotp' });
  });
});

describe('a filter for every field of real frames', { timeout: 120_000 }, () => {
  const files = ['ndpi_s7comm.pcap', 'ndpi_rdp.pcap', 'iec61850_read.pcap', 'windows_miscellany.pcap.gz'];
  it.each(files)('%s: every field filters, and "Selected" matches its own frame, "Not Selected" does not', (file) => {
    const reader = readCapture(readFileSync(capturePath(file)));
    const start = firstTimestamp(reader);
    const refused = new Set<string>();
    let checked = 0;
    for (let n = 1; n <= Math.min(reader.frameCount(), 300); n++) {
      const target = filterTarget(dissectCaptureFrame(reader, n, start)!, start);
      for (const layer of target.frame.layers)
        expect(matches(textOf(protocolFilter(layer.protocol)), target)).toBe(true);
      walkFields(target.frame, (field) => {
        const result = fieldFilter(field);
        if (!result.ok) return refused.add(field.id);
        expect(matches(result.text, target), `frame ${n}: ${result.text}`).toBe(true);
        // A field that occurs once: its negation is false of the frame.
        if (fieldsById(target.frame, field.id).length === 1)
          expect(matches(combineFilter('', result.text, 'not'), target), `frame ${n}: !(${result.text})`).toBe(false);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(100);
    expect([...refused]).toEqual([]);
  });

  it.skipIf(!TSHARK)('selects the frames tshark -Y selects with the same filter', () => {
    const file = capturePath('ndpi_s7comm.pcap');
    const reader = readCapture(readFileSync(file));
    const start = firstTimestamp(reader);
    const targets = Array.from({ length: reader.frameCount() }, (_, i) =>
      filterTarget(dissectCaptureFrame(reader, i + 1, start)!, start),
    );
    const cr = targets[0]!.frame;
    const ids = ['cotp.type', 'cotp.srcref', 'tpkt.length', 'ip.src', 'eth.dst', 'tcp.srcport', 'tcp.flags.syn'];
    for (const id of ids) {
      const text = textOf(fieldFilter(fieldsById(cr, id)[0]!));
      for (const how of ['selected', 'not'] as const) {
        const filter = combineFilter('tcp', text, how === 'not' ? 'andNot' : 'and');
        const mine = targets.filter((t) => matches(filter, t)).map((t) => t.frame.number);
        const theirs = execFileSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        })
          .split('\n')
          .filter(Boolean)
          .map(Number);
        expect(mine, filter).toEqual(theirs);
        if (how === 'selected') expect(mine.length, filter).toBeGreaterThan(0);
      }
    }
  });
});

describe('addressFilter', () => {
  it('names the layer by the address form', () => {
    expect(addressFilter('192.168.1.10', 'src')).toEqual({ ok: true, text: 'ip.src == 192.168.1.10' });
    expect(addressFilter('00:1b:1b:00:00:01', 'dst')).toEqual({ ok: true, text: 'eth.dst == 00:1b:1b:00:00:01' });
    expect(addressFilter('2001:db8::1', 'src')).toEqual({ ok: true, text: 'ipv6.src == 2001:db8::1' });
    expect(addressFilter('', 'src').ok).toBe(false);
    expect(addressFilter('Broadcast', 'dst').ok).toBe(false);
  });
});

describe('combineFilter', () => {
  const cases: [FilterHow, string, string][] = [
    ['selected', 'cotp.type == 0x0e', 'cotp.type == 0x0e'],
    ['not', '!(cotp.type == 0x0e)', '!(cotp.type == 0x0e)'],
    ['and', '(tcp.port == 102) && (cotp.type == 0x0e)', 'cotp.type == 0x0e'],
    ['or', '(tcp.port == 102) || (cotp.type == 0x0e)', 'cotp.type == 0x0e'],
    ['andNot', '(tcp.port == 102) && !(cotp.type == 0x0e)', '!(cotp.type == 0x0e)'],
    ['orNot', '(tcp.port == 102) || !(cotp.type == 0x0e)', '!(cotp.type == 0x0e)'],
  ];
  it.each(cases)('%s: with a filter typed, and with an empty box', (how, withCurrent, alone) => {
    expect(combineFilter(' tcp.port == 102 ', 'cotp.type == 0x0e', how)).toBe(withCurrent);
    expect(combineFilter('  ', 'cotp.type == 0x0e', how)).toBe(alone);
    expect(compileFilter(withCurrent).ok).toBe(true);
  });
});
