// framescope against tshark on every frame that holds TPKT, field by field, matched by (field id, offset).
// tshark runs with reassembly and TCP sequence analysis off, so that it, like framescope, dissects every frame on
// its own; the frame bytes come from tshark's own `frame_raw`, so both decoders see exactly the same bytes.
import { execFileSync, spawn } from 'node:child_process';
import { dissectFrame, walkFields } from '../src/dissect';
import type { Field } from '../src/dissect';

/**
 * Field ids compared: TPKT and COTP in full, the core of the layers below, RDP's negotiation and fast-path header, and
 * the S7comm fields framescope decodes (header, parameters, items, userdata header; not the SZL lists or TIS data).
 */
export const COMPARED =
  /^(tpkt\..*|cotp\..*|s7comm\.(header\..*|param\.(func|itemcount|maxamq_calling|maxamq_called|setup_reserved1|pdu_length|errcod|data|item\..*|userdata\.(head|length|reqres1|type|funcgroup|subfunc|seq_num|dataunitref|lastdataunit)|modetrans\.subfunc|blockcontrol\..*)|data\.(returncode|transportsize|fillbyte|userdata\.szl_(id|index)|blockcontrol\..*)|resp\.data|cyclic\..*|readrec\..*|tiap\..*)|rdp\.(neg|rt_cookie|negReq|negRsp|negFailure).*|rdp\.(fastpath\.(header|action|numevents|flags|reserved)|fastpathPDULength)|q931\.(disc|call_ref_len|call_ref_flag|call_ref|message_type|information_element|information_element_len|user\.protocol_discriminator)|t125\.ConnectMCSPDU|t124\.(connectGCCPDU|nodeID|h221NonStandard)|rdp\.header\.(type|length)|eth\.(dst|src|type|padding|trailer)|ip\.(version|hdr_len|dsfield|len|id|flags|flags\.(rb|df|mf)|frag_offset|ttl|proto|checksum|src|dst)|tcp\.(srcport|dstport|seq_raw|ack_raw|hdr_len|flags\.(cwr|ece|urg|ack|push|reset|syn|fin)|window_size_value|checksum|urgent_pointer|option_kind|option_len|options\.(mss_val|wscale\.shift|sack_le|sack_re|timestamp\.tsval|timestamp\.tsecr)))$/;

/**
 * Known, documented differences (docs/wireshark-differences.md): ids left out of the comparison.
 * Each is a place where framescope follows the standard or simply has no such field.
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  'eth.dst.lg': 'one octet vs the 3-octet OUI',
  'eth.dst.ig': 'one octet vs the 3-octet OUI',
  'eth.src.lg': 'one octet vs the 3-octet OUI',
  'eth.src.ig': 'one octet vs the 3-octet OUI',
  'ip.dsfield.dscp': '',
  'ip.dsfield.ecn': '',
  'ip.flags.sf': 'Wireshark-only evil bit alias',
  'ip.checksum.status': 'status field',
  'ip.checksum_calculated': 'generated',
  'tcp.checksum.status': 'status field',
  'tcp.checksum_calculated': 'generated',
  'cotp.src-tsap-bytes': 'twin of cotp.src-tsap',
  'cotp.dst-tsap-bytes': 'twin of cotp.dst-tsap',
  'cotp.checksum.status': 'framescope: a problem on cotp.checksum',
  'cotp.segment_data': 'reassembly is off',
  'cotp.reassembled_in': 'reassembly is off',
  'tpkt.continuation_data': 'framescope shows non-TPKT bytes on a TPKT port as data',
  // S7comm's grouping nodes (s7comm.header, .param, .data, their items) have no value of their own in tshark's JSON.
  's7comm.tiap.item.substructure': 'grouping node',
  's7comm.data.length': 'framescope keeps the wire value (bits for transport sizes 3-5); Wireshark shows octets',
};

export interface WsField {
  readonly id: string;
  readonly raw: string;
  readonly offset: number;
  readonly length: number;
  readonly value: string;
}

/** Flattens one tshark JSON packet (with --no-duplicate-keys: repeated keys are arrays). */
export function tsharkFields(layers: Record<string, unknown>): WsField[] {
  const out: WsField[] = [];
  const visit = (obj: Record<string, unknown>) => {
    for (const [key, v] of Object.entries(obj)) {
      if (key.endsWith('_raw') && Array.isArray(v)) {
        const id = key.slice(0, -4);
        const raws = (Array.isArray(v[0]) ? v : [v]) as [string, number, number, number, number][];
        const values = obj[id];
        const valueList = Array.isArray(values) ? values : [values];
        raws.forEach((r, i) => {
          const value = valueList[i];
          if (typeof value === 'string') out.push({ id, raw: r[0], offset: r[1], length: r[2], value });
        });
      } else if (v && typeof v === 'object') {
        (Array.isArray(v) ? v : [v]).forEach(
          (item) => item && typeof item === 'object' && visit(item as Record<string, unknown>),
        );
      }
    }
  };
  visit(layers);
  return out;
}

/** tshark's `frame.encap_type` (a wiretap encapsulation) → the pcap LINKTYPE framescope takes. */
const WTAP_TO_LINKTYPE: Readonly<Record<string, number>> = {
  '1': 1,
  '7': 101,
  '15': 0,
  '25': 113,
  '129': 228,
  '130': 229,
  '210': 276,
  '83': 108,
};

function normalise(value: string): number | string {
  if (/^0x[0-9a-f]+$/i.test(value)) return parseInt(value, 16);
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

function sameValue(ours: Field, ws: WsField): boolean {
  if (ours.value === normalise(ws.value)) return true;
  // Strings (text, byte strings, addresses) are representations of the same bytes: tshark writes bytes with
  // colons or as 0x…, framescope as plain hex or text with \xNN escapes. Equal raw bytes are agreement.
  return typeof ours.value === 'string' && ours.raw === ws.raw;
}

/** Field ids tshark knows (`tshark -G fields`): framescope's own ids (cotp.cdt, cotp.roa, …) are not compared. */
export function tsharkFieldIds(): Set<string> {
  const out = execFileSync('tshark', ['-G', 'fields'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Set(
    out
      .split('\n')
      .map((line) => line.split('\t')[2])
      .filter((id): id is string => !!id),
  );
}

export interface Tally {
  agree: number;
  disagree: number;
  onlyTshark: number;
  onlyFramescope: number;
  examples: string[];
}

export interface Comparison {
  frames: number;
  readonly byId: Map<string, Tally>;
  /** Only ids tshark has are compared. */
  readonly known: ReadonlySet<string>;
}

export function emptyComparison(known: ReadonlySet<string>): Comparison {
  return { frames: 0, byId: new Map(), known };
}

function tally(c: Comparison, id: string): Tally {
  let t = c.byId.get(id);
  if (!t) c.byId.set(id, (t = { agree: 0, disagree: 0, onlyTshark: 0, onlyFramescope: 0, examples: [] }));
  return t;
}

export function compareFrame(c: Comparison, label: string, layers: Record<string, unknown>): void {
  const frameRaw = layers['frame_raw'] as [string, number, number] | undefined;
  const frameLayer = layers['frame'] as Record<string, string> | undefined;
  if (!frameRaw || !frameLayer) return;
  const linkType = WTAP_TO_LINKTYPE[frameLayer['frame.encap_type'] ?? ''] ?? -1;
  const bytes = Uint8Array.from(Buffer.from(frameRaw[0], 'hex'));
  const number = Number(frameLayer['frame.number']);
  const frame = dissectFrame(bytes, linkType, number);
  // Like for like: only frames where either decoder found TPKT (ICMP-quoted headers, UDP, GOOSE are out of scope).
  const tsharkTpkt = (frameLayer['frame.protocols'] ?? '').split(':').includes('tpkt');
  if (!tsharkTpkt && !frame.layers.some((l) => l.protocol === 'tpkt')) return;
  c.frames++;
  const ours = new Map<string, Field[]>();
  walkFields(frame, (f) => {
    // The header's error class and code read as one (s7comm.param.errcod) is generated in both decoders.
    if (
      (!f.generated || f.id === 's7comm.param.errcod') &&
      COMPARED.test(f.id) &&
      !(f.id in EXCLUDED) &&
      c.known.has(f.id)
    ) {
      const key = `${f.id}@${f.offset}`;
      ours.set(key, [...(ours.get(key) ?? []), f]);
    }
  });
  const seen = new Set<string>();
  for (const ws of tsharkFields(layers)) {
    if (!COMPARED.test(ws.id) || ws.id in EXCLUDED || !c.known.has(ws.id)) continue;
    const key = `${ws.id}@${ws.offset}`;
    const t = tally(c, ws.id);
    const mine = ours.get(key)?.[0];
    seen.add(key);
    if (!mine) {
      t.onlyTshark++;
      if (t.examples.length < 3)
        t.examples.push(`${label} frame ${number}: only tshark has ${ws.id} @${ws.offset} = ${ws.value}`);
    } else if (sameValue(mine, ws) && mine.length === ws.length) {
      t.agree++;
    } else {
      t.disagree++;
      if (t.examples.length < 3)
        t.examples.push(
          `${label} frame ${number}: ${ws.id} @${ws.offset}: framescope ${JSON.stringify(mine.value)} (${mine.length} B) vs tshark ${JSON.stringify(ws.value)} (${ws.length} B)`,
        );
    }
  }
  for (const [key, fs] of ours) {
    if (seen.has(key)) continue;
    const t = tally(c, fs[0]!.id);
    t.onlyFramescope++;
    if (t.examples.length < 3)
      t.examples.push(`${label} frame ${number}: only framescope has ${key} = ${JSON.stringify(fs[0]!.value)}`);
  }
}

export const TSHARK_ARGS = [
  '-T',
  'json',
  '-x',
  '--no-duplicate-keys',
  '-o',
  'tcp.desegment_tcp_streams:FALSE',
  '-o',
  'tpkt.desegment:FALSE',
  '-o',
  'cotp.reassemble:FALSE',
  '-o',
  'tcp.analyze_sequence_numbers:FALSE',
  '-o',
  'ip.defragment:FALSE',
  // Stop at COTP and S7comm (framescope does not decode the session layer and above). T.125 stays on: tshark's RDP learns from
  // the MCS connect which side is the server, and so whether a fast-path PDU is input or an update.
  '--disable-protocol',
  'ses',
  '--disable-protocol',
  'mms',
  '--disable-protocol',
  'pres',
  '--disable-protocol',
  'clnp',
  '--disable-protocol',
  'tls',
];

/** Streams tshark's JSON array packet by packet (each packet is an indented `  {` … `  }` block). */
export function compareCapture(c: Comparison, path: string, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tshark', ['-r', path, ...TSHARK_ARGS], { stdio: ['ignore', 'pipe', 'ignore'] });
    let pending = '';
    let packet: string[] | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === '  {') packet = [line];
        else if (packet) {
          packet.push(line);
          if (line === '  }' || line === '  },') {
            const text = packet.join('\n').replace(/,$/, '');
            packet = undefined;
            const parsed = JSON.parse(text) as { _source: { layers: Record<string, unknown> } };
            compareFrame(c, label, parsed._source.layers);
          }
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tshark exited ${code} on ${path}`))));
  });
}

export function agreement(c: Comparison): { agree: number; total: number } {
  let agree = 0;
  let total = 0;
  for (const t of c.byId.values()) {
    agree += t.agree;
    total += t.agree + t.disagree + t.onlyTshark + t.onlyFramescope;
  }
  return { agree, total };
}
