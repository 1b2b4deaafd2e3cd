// The preset dictionary of v1's deflate (RFC 1951 lets a compressor refer back into text both sides already
// hold). It lets a field id, a "decode as" rule and the usual header bytes cost a few bits each, so a link to
// the KB frame stays near 150 characters whichever field is selected.
//
// FROZEN: every deflated v1 link was compressed against exactly these bytes; changing one character breaks
// them all (codec.test.ts pins its CRC-32). New field ids need no change here: they still encode, only
// longer. A better dictionary means a new format version, with v1's kept for old links.

const NAMES = [
  // Less common first: deflate codes nearer (later) matches with fewer bits.
  'ip.options.eol ip.options.nop ip.options.record_route ip.options.timestamp ip.options.security',
  'ip.options.route ip.options.sid ip.options.source_route ip.options.routeralert ip.options.unknown ip.options',
  'ip.opt.type.copy ip.opt.type.class ip.opt.type.number ip.opt.type ip.opt.len ip.opt.data ip.opt.padding',
  'tcp.options.unknown.payload tcp.options.unknown tcp.options.padding tcp.options.eol tcp.options.nop',
  'tcp.options.mss_val tcp.options.mss tcp.options.wscale.shift tcp.options.wscale tcp.options.sack_perm',
  'tcp.options.sack_le tcp.options.sack_re tcp.options.sack tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr tcp.options.timestamp tcp.option_kind tcp.option_len tcp.options',
  'cotp.ack_time cotp.vp_priority cotp.reassignment_time cotp.checksum cotp.vp_version_nr cotp.protection',
  'cotp.additional_options cotp.alternative_classes cotp.preferred_maximum_tpdu_size cotp.inactivity_timer',
  'cotp.additional_info cotp.invalid_tpdu cotp.reject_cause cotp.tpdu-number cotp.cause cotp.eot',
  'eth.undecoded ip.undecoded tcp.undecoded tpkt.undecoded cotp.undecoded eth.padding eth.trailer data.data',
  'eth.dst.lg eth.dst.ig eth.dst eth.src.lg eth.src.ig eth.src eth.type',
  'ip.version ip.hdr_len ip.dsfield.dscp ip.dsfield.ecn ip.dsfield ip.len ip.id ip.flags.rb ip.flags.df',
  'ip.flags.mf ip.flags ip.frag_offset ip.ttl ip.proto ip.checksum_calculated ip.checksum ip.src ip.dst',
  'tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.hdr_len tcp.reserved tcp.flags.cwr tcp.flags.ece',
  'tcp.flags.urg tcp.flags.ack tcp.flags.push tcp.flags.reset tcp.flags.syn tcp.flags.fin tcp.flags',
  'tcp.window_size_value tcp.checksum_calculated tcp.checksum tcp.urgent_pointer tcp.len',
  'tpkt.version tpkt.length tpkt.user_data tpkt.continuation_data tpkt.reserved',
  'cotp.li cotp.type cotp.cdt cotp.code_reserved cotp.destref cotp.srcref cotp.class cotp.opts.reserved',
  'cotp.opts.extended_formats cotp.opts.no_explicit_flow_control cotp.user_data cotp.parameter_value',
  'cotp.parameter_length cotp.parameter_code cotp.parameter cotp.tpdu_size cotp.src-tsap cotp.dst-tsap',
  // "Decode as" tables and protocols.
  'eth.type ip.proto tcp.port cotp.vp cotp.data link none eth ip tcp tpkt cotp data',
].join(' ');

/** Bytes common in these frames: Ethernet/IPv4/TCP header runs, TPKT, COTP CR/CC/DT and their parameters. */
const HEADER_BYTES = [
  0x08, 0x00, 0x45, 0x00, 0x40, 0x00, 0x80, 0x06, 0x40, 0x06, 0x00, 0x00, 0x50, 0x10, 0x50, 0x18, 0x03, 0x00, 0x00,
  0x16, 0x11, 0xe0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xc0, 0x01, 0x0a, 0xc1, 0x02, 0x01, 0x00, 0xc2, 0x02, 0x01, 0x02,
  0x02, 0xf0, 0x80, 0x32, 0x01, 0x00, 0x00,
];

export const DICTIONARY_V1: Uint8Array = Uint8Array.from([...new TextEncoder().encode(NAMES), ...HEADER_BYTES]);
