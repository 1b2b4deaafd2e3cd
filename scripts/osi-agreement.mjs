// framescope against tshark on the OSI upper layers of MMS, frame by frame, both with reassembly off: which of ses,
// pres, acse, mms each finds (tshark's frame.protocols, framescope's layers) and every ses.type by (offset, value).
//   node scripts/build-cli.mjs && node scripts/osi-agreement.mjs [CAPTURE ...]
// Without captures: the shared captures that carry MMS. DIFFS=N prints the first N frames that differ per capture.
// REASSEMBLY=on compares both with their default preferences instead (TPKTs and TSDUs reassembled).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist-cli/framescope.mjs', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
const DEFAULT = [
  'dina_acse_accept.pcap',
  'dina_cotp.pcap',
  'dina_pres_trace.pcap',
  'iec61850_read.pcap',
  'ndpi_iso9506-1-mms.pcap',
  'Sample_File_MMS_and_GOOSE.pcap',
  'ge_multilin_GOOSE_and_MMS.pcapng',
  'emreekin_wamp.pcap',
  'emreekin_pro2.pcap',
].map((name) => SHARED + name);
const LAYERS = ['ses', 'pres', 'acse', 'mms'];
const REASSEMBLY = process.env.REASSEMBLY === 'on';
const OFF = REASSEMBLY
  ? []
  : ['-o', 'cotp.reassemble:FALSE', '-o', 'tpkt.desegment:FALSE', '-o', 'tcp.desegment_tcp_streams:FALSE'];
/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => execFileSync(cmd, args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });

/** @param {string} file */
function tshark(file) {
  const pdml = run('tshark', ['-r', file, ...OFF, '-T', 'pdml']).toString();
  return pdml
    .split('<packet>')
    .slice(1)
    .map((packet) => {
      const protocols = /name="frame.protocols"[^>]*show="([^"]*)"/.exec(packet)?.[1] ?? '';
      const types = [...packet.matchAll(/<field name="ses\.type"[^>]*?pos="(\d+)"[^>]*?show="(\d+)"/g)];
      return {
        layers: [...new Set(protocols.split(':').filter((p) => LAYERS.includes(p)))].sort().join(','),
        types: types.map((m) => `${m[1]}:${m[2]}`).join(' '),
      };
    });
}

/** @typedef {{ id: string, offset: number, value: unknown, children?: Field[] }} Field */
/** @typedef {{ protocol: string, fields: Field[] }} Layer */

/** @param {string} file */
function framescope(file) {
  /** @type {{ frames: { layers: Layer[], sources?: { layers?: Layer[] }[] }[] }} */
  const { frames } = JSON.parse(
    run('node', [CLI, ...(REASSEMBLY ? [] : ['--no-reassembly']), '--json', file]).toString(),
  );
  /** @param {Field[]} fields @param {string[]} into @returns {string[]} */
  const typesIn = (fields, into) => {
    for (const f of fields) {
      if (f.id === 'ses.type') into.push(`${f.offset}:${f.value}`);
      if (f.children) typesIn(f.children, into);
    }
    return into;
  };
  return frames.map((frame) => {
    // A TSDU or TPKT reassembled in this frame is a source of its own (offsets from its start, as tshark's).
    const layers = [...frame.layers, ...(frame.sources ?? []).flatMap((s) => s.layers ?? [])];
    return {
      layers: [...new Set(layers.map((l) => l.protocol).filter((p) => LAYERS.includes(p)))].sort().join(','),
      types: layers.flatMap((l) => typesIn(l.fields, [])).join(' '),
    };
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT;
const total = { frames: 0, osi: 0, layers: 0, types: 0 };
for (const file of files) {
  const a = tshark(file);
  const b = framescope(file);
  const c = { frames: 0, osi: 0, layers: 0, types: 0 };
  const differ = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const t = a[i] ?? { layers: '?', types: '?' };
    const f = b[i] ?? { layers: '?', types: '?' };
    c.frames++;
    if (t.layers === '' && f.layers === '') continue;
    c.osi++;
    if (t.layers === f.layers) c.layers++;
    if (t.types === f.types) c.types++;
    if (t.layers !== f.layers || t.types !== f.types)
      differ.push(`  frame ${i + 1}: tshark [${t.layers}] ${t.types} | framescope [${f.layers}] ${f.types}`);
  }
  total.frames += c.frames;
  total.osi += c.osi;
  total.layers += c.layers;
  total.types += c.types;
  console.log(
    `${file.split('/').pop()}: ${c.frames} frames, ${c.osi} with OSI layers in either; layer sets agree ${c.layers}/${c.osi}, ses.type agrees ${c.types}/${c.osi}`,
  );
  for (const line of differ.slice(0, Number(process.env.DIFFS ?? 0))) console.log(line.slice(0, 200));
}
/** @param {number} n @param {number} d */
const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(2)} %`);
console.log(
  `total: ${total.frames} frames; of ${total.osi} with OSI layers: layer sets ${pct(total.layers, total.osi)}, ses.type ${pct(total.types, total.osi)}; of all frames: layer sets ${pct(total.frames - total.osi + total.layers, total.frames)}, ses.type ${pct(total.frames - total.osi + total.types, total.frames)}`,
);
