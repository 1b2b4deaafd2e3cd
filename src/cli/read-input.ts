// Turns the bytes of FILE (or stdin) into text for parseText. Capture files never get here: the CLI tells them by
// their first bytes (inputs/capture.ts captureKind), never by the file name, and reads them as captures.

export function inputText(bytes: Uint8Array): string {
  // A byte-order mark is dropped; invalid UTF-8 becomes U+FFFD, which the text parser reports by line and column.
  return new TextDecoder('utf-8').decode(bytes);
}
