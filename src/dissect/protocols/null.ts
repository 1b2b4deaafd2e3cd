// BSD loopback encapsulation: LINKTYPE_NULL (0) and LINKTYPE_LOOP (108). One 4-octet field, the address family of
// the payload, then the packet:
//
//   +---------------------------+
//   |  Protocol type (4 octets) |   2 = IPv4; 24, 28 or 30 = IPv6 (the value differs between BSDs);
//   +---------------------------+   7 = OSI; 23 = IPX
//   |  Payload ...              |
//
// LINKTYPE_LOOP writes the family big-endian. LINKTYPE_NULL writes it "in the host byte order of the machine on which
// the capture was done", which the file does not record: a family is small, so the byte order in which the value is
// below 65536 is the one the capturing host used (as Wireshark and tcpdump decide it).
import { cite } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { fits, uint, uintLE } from '../reader';
import { problem } from './common';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_LOOP = 108;

const FAMILIES: Readonly<Record<number, string>> = {
  2: 'IP',
  7: 'OSI',
  23: 'IPX',
  24: 'IPv6 (NetBSD, OpenBSD, BSD/OS)',
  28: 'IPv6 (FreeBSD, DragonFly BSD)',
  30: 'IPv6 (Darwin)',
};
/** Address family → IP version, for the `ip.version` dispatch table. */
const IP_VERSION: Readonly<Record<number, number>> = { 2: 4, 24: 6, 28: 6, 30: 6 };

const FAMILY = {
  id: 'null.family',
  label: 'Family',
  kind: 'uint',
  at: 0,
  size: 4,
  cite: cite('LINKTYPE_NULL', ''),
  values: FAMILIES,
  meaning:
    "BSD address family (AF_) of the payload: 2 for IPv4; 24, 28 or 30 for IPv6. In the capturing host's byte order (LINKTYPE_NULL) or big-endian (LINKTYPE_LOOP).",
} as const satisfies FieldSpec;
const FAMILY_LOOP: FieldSpec = { ...FAMILY, cite: cite('LINKTYPE_LOOP', '') };

export const NULL_TABLE: ProtocolTable = {
  protocol: 'null',
  name: 'Null/Loopback',
  fields: [FAMILY],
  layouts: [[FAMILY]],
};

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const loop = context.linkType === LINKTYPE_LOOP;
  const spec = loop ? FAMILY_LOOP : FAMILY;
  if (!fits(bytes, offset, 4) || offset + 4 > end) {
    return {
      problems: [
        problem(
          'warning',
          'truncated',
          `Loopback header cut short: the 4-octet address family needs bytes up to offset ${offset + 4}, the data ends at ${end}`,
          { fieldId: FAMILY.id, offset, cite: spec.cite },
        ),
      ],
      summary: 'Null/Loopback (truncated)',
      end,
    };
  }
  const bigEndian = uint(bytes, offset, 4);
  const family = loop || bigEndian <= 0xffff ? bigEndian : uintLE(bytes, offset, 4);
  const order = loop
    ? 'big-endian, as LINKTYPE_LOOP says'
    : bigEndian <= 0xffff
      ? 'big-endian host'
      : 'little-endian host';
  const name = FAMILIES[family];
  // The family as read in the host's byte order, not as the span reads; its text only for a reader.
  out.field(
    spec,
    offset,
    4,
    out.tree ? { value: family, display: `${name ?? 'Unknown'} (${family}), ${order}` } : { value: family },
  );
  const version = IP_VERSION[family];
  return {
    problems:
      version === undefined
        ? [
            problem(
              'note',
              'unknown-value',
              `Address family ${family} is not IPv4 or IPv6; the payload is shown as data`,
              { fieldId: FAMILY.id, offset, cite: spec.cite },
            ),
          ]
        : [],
    summary: `Null/Loopback, Family: ${name ?? family}`,
    end: offset + 4,
    payload: {
      offset: offset + 4,
      end,
      ...(version !== undefined ? { next: { table: 'ip.version', keys: [version] } } : {}),
    },
  };
};

export const nullLoopback: Protocol = { protocol: 'null', dissect };
