// Writes the source frames of the text-input fixtures as binary files: node build-frames.mjs OUTDIR.
// frame1 is the KB Q151626 CONNECT CONFIRM (98 bytes). frame2 and frame3 are Ethernet/IPv4/TCP/TPKT/COTP DT
// frames with correct lengths and checksums whose user data is ASCII that looks like hex ("CAFE DEADBEEF 00 11"),
// so every dump's ASCII column is a trap for a parser that reads tokens by shape. frame2 is 116 bytes (its last
// dump line holds 4 bytes, ASCII "CAFE"); frame3 is 67 bytes, odd, so 2-byte-group dumps end with a lone byte.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KB =
  '0000a200c04a00805fd4a048080045000054e9a640002006040a8626344d86262c5a0066061301cf46c85d5b6a315018220960730000' +
  '0311002c27d001ca002900c10d53574953534c49464554534150c20d45584348414e47455453415031c0010b';

const u16 = (n) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
function sum16(bytes, start = 0) {
  let sum = start;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function frame(userData, { seq, ack, id }) {
  const src = [192, 168, 0, 10];
  const dst = [192, 168, 0, 20];
  const tpdu = [0x02, 0xf0, 0x80, ...userData]; // COTP DT, EOT
  const tpkt = [0x03, 0x00, ...u16(tpdu.length + 4), ...tpdu];
  const tcp = [...u16(1555), ...u16(102), ...u32(seq), ...u32(ack), 0x50, 0x18, ...u16(8192), 0, 0, 0, 0, ...tpkt];
  const tcpSum = ~sum16(tcp, sum16([...src, ...dst, 0, 6, ...u16(tcp.length)])) & 0xffff;
  tcp.splice(16, 2, ...u16(tcpSum));
  const ip = [0x45, 0, ...u16(20 + tcp.length), ...u16(id), 0x40, 0, 64, 6, 0, 0, ...src, ...dst];
  ip.splice(10, 2, ...u16(~sum16(ip) & 0xffff));
  const eth = [0x00, 0x1b, 0x1b, 0x12, 0x34, 0x56, 0x00, 0x0c, 0x29, 0xca, 0xfe, 0x01, 0x08, 0x00];
  return Uint8Array.from([...eth, ...ip, ...tcp]);
}

const ascii = (text) => [...text].map((c) => c.charCodeAt(0));
// 116 - 61 header bytes = 55 bytes of user data, ending in "CAFE".
const frame2 = frame(ascii('00 11 22 33 DEADBEEF |E.`,\'"| 0a  0b 0c dd ee ff   CAFE'), { seq: 0x1000, ack: 0x2000, id: 0x0102 });
// 67 - 61 = 6 bytes, ending in " AD".
const frame3 = frame([0x00, 0x0d, 0x0a, 0x20, 0x41, 0x44], { seq: 0x103e, ack: 0x2000, id: 0x0103 });

const out = process.argv[2] ?? '.';
if (frame2.length !== 116 || frame3.length !== 67) throw new Error(`frame lengths ${frame2.length}, ${frame3.length}`);
writeFileSync(join(out, 'frame1.bin'), Buffer.from(KB, 'hex'));
writeFileSync(join(out, 'frame2.bin'), frame2);
writeFileSync(join(out, 'frame3.bin'), frame3);
