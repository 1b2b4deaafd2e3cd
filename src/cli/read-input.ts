// Turns the bytes of FILE (or stdin) into text for parseText, refusing capture files until they are supported.
// Captures are told by their magic number, never by the file name: several .pcapng files in the wild are pcap.

const CAPTURE_MAGICS: readonly { readonly bytes: readonly number[]; readonly name: string }[] = [
  { bytes: [0xd4, 0xc3, 0xb2, 0xa1], name: 'a pcap capture file' },
  { bytes: [0xa1, 0xb2, 0xc3, 0xd4], name: 'a pcap capture file' },
  { bytes: [0x4d, 0x3c, 0xb2, 0xa1], name: 'a pcap capture file (nanosecond)' },
  { bytes: [0xa1, 0xb2, 0x3c, 0x4d], name: 'a pcap capture file (nanosecond)' },
  { bytes: [0x0a, 0x0d, 0x0d, 0x0a], name: 'a pcapng capture file' },
  // Captures are often shared gzipped (capture.pcap.gz); tshark reads them directly.
  { bytes: [0x1f, 0x8b], name: 'gzip-compressed (a compressed capture file?)' },
];

/** What kind of capture file the bytes start with, if any. */
export function captureFormat(bytes: Uint8Array): string | undefined {
  return CAPTURE_MAGICS.find((m) => m.bytes.every((b, i) => bytes[i] === b))?.name;
}

export type InputText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

export function inputText(bytes: Uint8Array, name: string): InputText {
  const capture = captureFormat(bytes);
  if (capture) {
    return { ok: false, error: `${name} is ${capture}; capture files are not supported yet: paste the frame as a hex dump (tshark -x, or Wireshark's "Copy as Hex Dump") instead` };
  }
  // A byte-order mark is dropped; invalid UTF-8 becomes U+FFFD, which the text parser reports by line and column.
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}
