// The example frames the app offers (public/samples/), built from bytes this project writes — no third-party
// capture. `npm run samples` rewrites them; a test checks the committed files are what this script makes.
import { cotp, ethernetFrame, hexBytes, ipv4Packet, isoOnTcp, tcpSegment, tpkt } from '../src/dissect/testing/frames';
import { hexByte, hexDigits } from '../src/dissect/format';

export interface Sample {
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly bytes: Uint8Array;
}

/** Microsoft KB Q151626's CONNECT CONFIRM, byte for byte as the article prints it. */
const KB151626 = hexBytes(`
  0000a200c04a00805fd4a048080045000054e9a640002006040a8626344d86262c5a0066061301cf46c85d5b6a31501822096073 0000
  0311002c27d001ca002900c10d53574953534c49464554534150c20d45584348414e47455453415031c0010b`);

const text = (s: string) => [...s].map((c) => c.charCodeAt(0));

export const SAMPLES: readonly Sample[] = [
  {
    file: 'kb151626-connect-confirm.txt',
    title: 'KB Q151626: X.400 CONNECT CONFIRM with TPKT reserved = 0x11',
    description:
      'Exchange 4.0 answered a CONNECT REQUEST with this CC; a foreign MTA refused the non-zero reserved octet at 0x37.',
    bytes: Uint8Array.from(KB151626),
  },
  {
    file: 's7-connect-request.txt',
    title: 'Siemens S7: COTP CR to rack 0, slot 2',
    description:
      'An S7 client (TSAP 01 00, PG) asks for TSAP 01 02 (rack 0, slot 2) with a 1024-octet TPDU size, on TCP 102.',
    bytes: isoOnTcp(
      tpkt(cotp([0xe0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a])),
      { srcport: 49152, dstport: 102, flags: 0x18 },
    ),
  },
  {
    file: 'rdp-x224-cr-cookie.txt',
    title: 'RDP: X.224 CR with mstshash cookie and RDP_NEG_REQ',
    description:
      'A Remote Desktop client on TCP 3389: the cookie and the negotiation request (TLS + CredSSP) ride in the CR header.',
    bytes: isoOnTcp(
      tpkt(
        cotp([
          0xe0,
          0x00,
          0x00,
          0x00,
          0x00,
          0x00,
          ...text('Cookie: mstshash=operator\r\n'),
          0x01,
          0x00,
          0x08,
          0x00,
          0x03,
          0x00,
          0x00,
          0x00,
        ]),
      ),
      { srcport: 50123, dstport: 3389 },
    ),
  },
  {
    file: 'two-tpkts-one-segment.txt',
    title: 'Two TPKTs in one TCP segment: CC then DT',
    description: 'A connect confirm and the first data TPDU sent back to back in one segment, as stacks do.',
    bytes: isoOnTcp(
      [
        ...tpkt(cotp([0xd0, 0x00, 0x05, 0x00, 0x0d, 0x00, 0xc0, 1, 0x0a])),
        ...tpkt(
          cotp(
            [0xf0, 0x80],
            [
              0x32, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x00, 0x00, 0x01, 0x00,
              0x01, 0x00, 0xf0,
            ],
          ),
        ),
      ],
      { srcport: 102, dstport: 49152 },
    ),
  },
  {
    file: 'bad-tcp-checksum.txt',
    title: 'A DT whose TCP checksum is wrong',
    description: 'The same bytes a sender with checksum offload puts on the wire before the NIC fills the checksum in.',
    bytes: Uint8Array.from(
      ethernetFrame(
        ipv4Packet(
          tcpSegment(tpkt(cotp([0xf0, 0x80], [0x32, 0x01, 0x00, 0x00])), {
            srcport: 49152,
            dstport: 102,
            checksum: 0xdead,
          }),
        ),
      ),
    ),
  },
];

/** `tshark -x` style: offset, 16 bytes in two groups of 8, ASCII — the format framescope reads back. */
export function hexDump(bytes: Uint8Array, heading: string): string {
  const lines = [`# ${heading}`];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = Array.from(bytes.subarray(at, at + 16));
    const hex = row.map(hexByte);
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hexDigits(at, 4)}  ${`${left}  ${right}`.padEnd(49)}  ${ascii}`);
  }
  return `${lines.join('\n')}\n`;
}

export function sampleIndex(): string {
  return `${JSON.stringify(
    SAMPLES.map(({ file, title, description }) => ({ file, title, description })),
    null,
    2,
  )}\n`;
}
