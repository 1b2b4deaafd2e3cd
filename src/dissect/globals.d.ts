// The few globals that both Node (>= 20) and browsers provide and that the pure core
// (src/dissect, src/inputs, src/permalink) may use. Only tsconfig.core.json includes this
// file: the app and Node programs get the real declarations from lib.dom / @types/node.
// Shapes follow the WHATWG Encoding and HTML specs, cut down to what the core needs.

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

interface TextDecodeOptions {
  stream?: boolean;
}

interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBuffer | ArrayBufferView, options?: TextDecodeOptions): string;
}

// eslint-disable-next-line no-var -- a global constructor must be a `var` to match lib.dom
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

interface TextEncoderEncodeIntoResult {
  read: number;
  written: number;
}

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}

// eslint-disable-next-line no-var -- see TextDecoder
declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

/** Decodes a base64 string to a "binary string" (one char per byte); throws on bad input. */
declare function atob(data: string): string;
/** Encodes a "binary string" (chars 0-255) as base64; throws on chars above 255. */
declare function btoa(data: string): string;

/** High-resolution time (Node and browsers); the fuzz harness times each input against its budget. */
// eslint-disable-next-line no-var -- see TextDecoder
declare var performance: { now(): number };
