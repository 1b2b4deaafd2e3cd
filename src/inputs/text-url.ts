// Links that carry a frame: a Hex Packet Decoder link (https://hpd.gasmi.net/?data=0000A200…) holds hex text in
// its `data` parameter; a CyberChef link (…/CyberChef/#recipe=From_Hex('Auto')&input=MDAgMDAg…) holds its input
// box as unpadded base64 in `input` — usually hex text that its recipe decodes, sometimes the raw bytes.

export type UrlPayload =
  | {
      readonly kind: 'text';
      readonly site: string;
      readonly text: string;
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'bytes';
      readonly site: string;
      readonly bytes: Uint8Array;
      readonly line: number;
      readonly column: number;
    }
  | { readonly kind: 'unknown'; readonly message: string; readonly line: number; readonly column: number };

const URL_ONLY = /^\s*(https?:\/\/\S+)\s*$/i;

/** `name=value` pairs of a query or fragment, values percent-decoded ('+' as a space, as forms write it). */
function params(part: string, partStart: number): Map<string, { value: string; column: number }> {
  const found = new Map<string, { value: string; column: number }>();
  let at = partStart;
  for (const pair of part.split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) {
      const raw = pair.slice(eq + 1);
      let value: string;
      try {
        value = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        value = raw;
      }
      found.set(pair.slice(0, eq), { value, column: at + eq + 2 });
    }
    at += pair.length + 1;
  }
  return found;
}

function base64Bytes(text: string): Uint8Array | undefined {
  const body = text.replace(/\s+/g, '').replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1) return undefined;
  const binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Text a person could have typed into CyberChef's input box: printable ASCII and line breaks only. */
function asText(bytes: Uint8Array): string | undefined {
  for (const b of bytes) if ((b < 0x20 || b > 0x7e) && b !== 0x0a && b !== 0x0d && b !== 0x09) return undefined;
  return new TextDecoder('latin1').decode(bytes);
}

/** The frame a pasted link carries, or undefined when the text is not a lone link. */
export function urlPayload(text: string): UrlPayload | undefined {
  const url = URL_ONLY.exec(text)?.[1];
  if (url === undefined) return undefined;
  // Where the link sits: its line, and (0-based) the column it starts at, for problems inside it.
  const index = text.indexOf(url);
  const line = text.slice(0, index).split('\n').length;
  const urlStart = index - (text.lastIndexOf('\n', index) + 1);
  const hash = url.indexOf('#');
  const query = url.indexOf('?');
  const queryEnd = hash === -1 ? url.length : hash;
  const inQuery =
    query !== -1 && query < queryEnd ? params(url.slice(query + 1, queryEnd), urlStart + query + 1) : new Map();
  const inHash = hash !== -1 ? params(url.slice(hash + 1), urlStart + hash + 1) : new Map();

  const data = inQuery.get('data') ?? inHash.get('data');
  if (data) return { kind: 'text', site: 'Hex Packet Decoder link', text: data.value, line, column: data.column };

  const input = inHash.get('input') ?? inQuery.get('input');
  if (input) {
    const bytes = base64Bytes(input.value);
    if (!bytes)
      return {
        kind: 'unknown',
        message: `expected base64 in the link's input parameter, as CyberChef writes it`,
        line,
        column: input.column,
      };
    const inner = asText(bytes);
    return inner !== undefined
      ? { kind: 'text', site: 'CyberChef link', text: inner, line, column: input.column }
      : { kind: 'bytes', site: 'CyberChef link', bytes, line, column: input.column };
  }
  return {
    kind: 'unknown',
    message:
      'expected a link that carries a frame: a Hex Packet Decoder link (…?data=0000A200…) or a CyberChef link (…#recipe=…&input=…); this link has neither a data nor an input parameter',
    line,
    column: urlStart + 1,
  };
}
