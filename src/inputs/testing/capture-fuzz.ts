// The capture reader's promises under fuzzing: no exception, frames within the file, each frame dissecting
// without breaking the dissector's own invariants. Empty list = all kept.
import { createCaptureReader } from '../capture';
import { dissectionFailures } from '../../dissect/testing/fuzz';

export function captureFailures(file: Uint8Array, chunkSize: number): string[] {
  const failures: string[] = [];
  try {
    const reader = createCaptureReader();
    for (let at = 0; at < file.length; at += chunkSize) reader.push(file.subarray(at, at + chunkSize));
    reader.end();
    const count = reader.frameCount();
    let total = 0;
    for (let n = 1; n <= count; n++) {
      const record = reader.frame(n);
      const bytes = reader.frameBytes(n);
      if (!record || !bytes) {
        failures.push(`frame ${n} of ${count} has no record or bytes`);
        continue;
      }
      total += bytes.length;
      failures.push(...dissectionFailures(bytes, record.linkType).map((f) => `frame ${n}: ${f}`));
    }
    // gzip can expand: only plain files bound the frames' bytes by the file size.
    if (file[0] !== 0x1f && total > file.length)
      failures.push(`frames hold ${total} bytes, more than the ${file.length}-byte file`);
    reader.summary();
  } catch (error) {
    failures.push(`the capture reader threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  return failures;
}
