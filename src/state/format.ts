// Display helpers the tree, the detail panel and the hex view share. Pure: testable without a DOM.
import type { Field, FieldSchema } from '../dissect/model';
import { fieldLabel as coreFieldLabel } from '../dissect/format';
import { hexNumber } from '../dissect/format';
import { absoluteTime } from '../inputs/capture-time';
import type { LinkOrigin } from '../permalink';

export { maskBits } from '../dissect/format';

/** Longer values are cut in the tree (a 1400-byte trailer); the detail panel shows them whole. */
const TREE_VALUE_MAX = 64;

/** The tree's text for a field, as Wireshark writes it: "0100 .... = Version: 4", "[Checksum: 0x1234]". */
export function fieldLabel(field: Field, schema: FieldSchema | undefined): string {
  return coreFieldLabel(field, schema, TREE_VALUE_MAX);
}

/** "Frame 149 of capture.pcapng, captured 2014-08-20 10:00:21.080446 UTC" */
export function originText({ frame, file, time }: LinkOrigin): string {
  return `Frame ${frame} of ${file}${time ? `, captured ${absoluteTime(time, time.digits)} UTC` : ''}`;
}

/** "55 (0x37)" */
export function offsetText(offset: number): string {
  return `${offset} (${hexNumber(offset, 2)})`;
}

/** "bytes 58–61 (0x3a–0x3d), 4 bytes" or "byte 55 (0x37)" */
export function spanText(offset: number, length: number): string {
  if (length === 0) return `empty, at byte ${offsetText(offset)}`;
  if (length === 1) return `byte ${offsetText(offset)}`;
  const last = offset + length - 1;
  return `bytes ${offset}–${last} (${hexNumber(offset, 2)}–${hexNumber(last, 2)}), ${length} bytes`;
}

/** "00 2c" from "002c". */
export function spacedHex(raw: string): string {
  return raw.replace(/(..)(?!$)/g, '$1 ');
}
