// Guessing the link layer of pasted bytes, which carry no link-type header of their own.
export const LINKTYPE_ETHERNET = 1;
/** LINKTYPE_IPV4: raw IPv4, no link header. */
export const LINKTYPE_IPV4 = 228;

/** Raw IPv4 when the bytes start like an IPv4 header whose total length matches; Ethernet otherwise. */
export function detectLinkType(bytes: Uint8Array): number {
  if (bytes.length >= 20) {
    const first = bytes[0]!;
    const totalLength = (bytes[2]! << 8) | bytes[3]!;
    if (first >= 0x45 && first <= 0x4f && totalLength === bytes.length) return LINKTYPE_IPV4;
  }
  return LINKTYPE_ETHERNET;
}
