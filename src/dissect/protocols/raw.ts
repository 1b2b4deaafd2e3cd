// LINKTYPE_RAW (101): "Raw IP; the packet begins with an IPv4 or IPv6 header, with the version field of the header
// indicating whether it's an IPv4 or IPv6 header" (tcpdump.org link-layer header types). No header of its own: like
// Wireshark's "Raw packet data", this layer has no fields and hands the packet on by its IP version nibble.
import { cite } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import { fits, u8 } from '../reader';
import { problem } from './common';

export const LINKTYPE_RAW = 101;

const dissect: Dissector = ({ bytes, offset, end }) => {
  const version = fits(bytes, offset, 1) && offset < end ? u8(bytes, offset) >> 4 : undefined;
  const next = version === 4 || version === 6 ? { table: 'ip.version' as const, keys: [version] } : undefined;
  return {
    problems: next
      ? []
      : [
          problem(
            'error',
            'unexpected-value',
            `LINKTYPE_RAW: the packet must begin with an IPv4 or IPv6 header, but its version nibble is ${version ?? 'missing'}; shown as data`,
            { offset, cite: cite('tcpdump LINKTYPEs', '') },
          ),
        ],
    summary: 'Raw packet data',
    end: offset,
    payload: { offset, end, ...(next ? { next } : {}) },
  };
};

export const raw: Protocol = { protocol: 'raw', dissect };
