// The capture `npm run bench` times framescope and tshark on: deterministic (a fixed-seed generator, no clock, no
// Math.random), built from the same frame builders as the tests, written with the app's own pcap writer.
//
// Connections of ISO transport over TCP port 102, each: CR, CC, data exchanged as DT TPDUs (about 15 % of the
// segments carry two TPKTs), DR, DC. Every frame is Ethernet/IPv4/TCP/TPKT/COTP with correct lengths and checksums.
// DT user data starts with 0xa5, which no upper layer claims (S7comm is 0x32, S7comm-plus 0x72, CLNP 0x81, and
// ISO session SPDU codes are below 0x40), so tshark, with those dissectors disabled too, stops at COTP as we do.
import { writePcap } from '../src/export/pcap';
import type { ExportFrame } from '../src/export/frames';
import { cotp, ethernetFrame, ipv4Packet, tcpSegment, tpkt } from '../src/dissect/testing/frames';

export interface BenchCapture {
  readonly bytes: Uint8Array;
  readonly frames: number;
  /** TPDUs by name (CR, CC, DT, DR, DC) and segments that carry two TPKTs. */
  readonly tpdus: Readonly<Record<string, number>>;
  readonly doubleSegments: number;
}

/** Park-Miller minimal standard generator: the same numbers on every machine and Node version. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const SERVER_PORT = 102;
const FIRST_BYTE = 0xa5;
const START_SECONDS = 1_764_288_000; // 2025-11-28 00:00:00 UTC

export function benchCapture(frameCount = 100_000, seed = 20261128): BenchCapture {
  const next = random(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const frames: ExportFrame[] = [];
  const tpdus: Record<string, number> = { CR: 0, CC: 0, DT: 0, DR: 0, DC: 0 };
  let doubleSegments = 0;
  let micros = 0;
  let connection = 0;

  while (frames.length < frameCount) {
    connection++;
    const client = [10, 1, (connection >> 8) & 0xff, connection & 0xff];
    const server = [10, 2, 0, 1 + (connection % 7)];
    const clientPort = 49152 + (connection % 16000);
    const seq = { client: between(1, 0x7fffffff), server: between(1, 0x7fffffff) };
    const refs = { client: between(1, 0xffff), server: between(1, 0xffff) };

    const send = (fromClient: boolean, payload: number[], names: readonly string[]) => {
      if (frames.length >= frameCount) return;
      for (const name of names) tpdus[name]!++;
      if (names.length > 1) doubleSegments++;
      const [src, dst] = fromClient ? [client, server] : [server, client];
      const segment = tcpSegment(
        payload,
        {
          srcport: fromClient ? clientPort : SERVER_PORT,
          dstport: fromClient ? SERVER_PORT : clientPort,
          seq: fromClient ? seq.client : seq.server,
          ack: fromClient ? seq.server : seq.client,
          flags: 0x18,
          window: 8192,
        },
        { src, dst },
      );
      if (fromClient) seq.client = (seq.client + payload.length) % 2 ** 32;
      else seq.server = (seq.server + payload.length) % 2 ** 32;
      micros += between(50, 2000);
      frames.push({
        bytes: Uint8Array.from(ethernetFrame(ipv4Packet(segment, { src, dst }))),
        linkType: 1,
        timestamp: { seconds: START_SECONDS + Math.floor(micros / 1e6), nanos: (micros % 1e6) * 1000 },
      });
    };
    const dt = (): number[] => {
      const data = [FIRST_BYTE];
      for (let i = between(8, 240); i > 0; i--) data.push(between(0, 255));
      return tpkt(cotp([0xf0, 0x80], data));
    };

    send(
      true,
      tpkt(
        cotp([
          0xe0,
          0x00,
          0x00,
          refs.client >> 8,
          refs.client & 0xff,
          0x00,
          0xc1,
          2,
          0x01,
          0x00,
          0xc2,
          2,
          0x01,
          0x02,
          0xc0,
          1,
          0x0a,
        ]),
      ),
      ['CR'],
    );
    send(
      false,
      tpkt(
        cotp([0xd0, refs.client >> 8, refs.client & 0xff, refs.server >> 8, refs.server & 0xff, 0x00, 0xc0, 1, 0x0a]),
      ),
      ['CC'],
    );
    for (let exchanges = between(10, 60); exchanges > 0; exchanges--) {
      const fromClient = exchanges % 2 === 0;
      if (next() < 0.15) send(fromClient, [...dt(), ...dt()], ['DT', 'DT']);
      else send(fromClient, dt(), ['DT']);
    }
    send(true, tpkt(cotp([0x80, refs.server >> 8, refs.server & 0xff, refs.client >> 8, refs.client & 0xff, 0x80])), [
      'DR',
    ]);
    send(false, tpkt(cotp([0xc0, refs.client >> 8, refs.client & 0xff, refs.server >> 8, refs.server & 0xff])), ['DC']);
  }
  const file = writePcap(frames);
  if (!file.ok) throw new Error(file.reason);
  return { bytes: file.bytes, frames: frames.length, tpdus, doubleSegments };
}
