// base64url (RFC 4648 §5) without padding: the alphabet a URL fragment carries unescaped; and plain base64.
// Built on atob/btoa, which both Node and browsers provide (src/dissect/globals.d.ts).

const ALPHABET = /^[A-Za-z0-9_-]*$/;
/** btoa takes a "binary string"; String.fromCharCode spreads its arguments, so feed it bounded slices. */
const SLICE = 0x2000;

/** Standard base64 (RFC 4648 §4) with padding, as `base64 -d` and most tools expect. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(at, at + SLICE));
  }
  return btoa(binary);
}

export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes, or undefined when the text is not unpadded base64url. Never throws. */
export function fromBase64url(text: string): Uint8Array | undefined {
  // One character left over carries 6 bits: no byte ends there, so such a length is always damaged.
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
