// The model's Dissection document as JSON (the CLI's --json, the app's JSON export), written frame by frame so
// 100 000 frames never become one string.
// "version" comes first, so a reader can check it before anything else; "schema" comes after "frames" because it
// lists only the field ids the frames used, known at the end.
import { SCHEMA, type Dissection, type Frame, type OffloadHost, type Problem } from '../dissect';
import { JsonBytes } from './json-frame';

/**
 * The document's format version. It changes only when a reader written for it would misread a new document (a key
 * renamed, removed or given another meaning); new keys and new field ids leave it as it is.
 */
export const DISSECTION_VERSION: Dissection['version'] = 1;

/** What a capture says as a whole, after its frames: top-level keys of the document, each present only when known. */
export interface CaptureFacts {
  /** Hosts whose frames carry checksums left to their NIC (the capture was made on the sending host). */
  readonly checksumOffload?: readonly OffloadHost[];
}

/**
 * The document, frame by frame, as UTF-8: `write` is handed the bytes (its own to keep only until it returns: the
 * buffer is written again after).
 */
export function jsonWriter(write: (bytes: Uint8Array) => void): {
  frame(frame: Frame): void;
  end(inputProblems: readonly Problem[], capture?: CaptureFacts): void;
} {
  const out = new JsonBytes();
  let frames = 0;
  const handOn = () => {
    write(out.bytes.subarray(0, out.length));
    out.clear();
  };
  out.plain(`{"version":${DISSECTION_VERSION},"frames":[`);
  handOn();
  return {
    frame(frame) {
      out.plain(frames++ === 0 ? '\n' : ',\n');
      // The ids are gathered as the fields are written, reassembled sources' too: they are in the schema like any other.
      out.frame(frame);
      // Each frame as soon as it is written, as text was: a line on stderr after it comes after it.
      handOn();
    },
    end(inputProblems, capture) {
      // Table order (SCHEMA's), not first-use order: the same ids always come out in the same order.
      const schema = Object.fromEntries(Object.entries(SCHEMA).filter(([id]) => out.wrote(id)));
      const offload = capture?.checksumOffload ? `,\n"checksumOffload":${JSON.stringify(capture.checksumOffload)}` : '';
      out.utf8(`\n],\n"schema":${JSON.stringify(schema)},\n"problems":${JSON.stringify(inputProblems)}${offload}}\n`);
      handOn();
    },
  };
}

/** Text from a writer of bytes whole frames at a time (so no character is ever cut in two). */
export function textOf(write: (text: string) => void): (bytes: Uint8Array) => void {
  const decoder = new TextDecoder();
  return (bytes) => write(decoder.decode(bytes));
}

/** The whole document as one string: for a download of the frames shown, not for 100 000 frames. */
export function dissectionJson(frames: readonly Frame[], inputProblems: readonly Problem[] = []): string {
  const parts: string[] = [];
  const writer = jsonWriter(textOf((text) => parts.push(text)));
  for (const frame of frames) writer.frame(frame);
  writer.end(inputProblems);
  return parts.join('');
}
