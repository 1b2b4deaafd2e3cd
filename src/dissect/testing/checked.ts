// What the protocol tests share: a frame dissected and held to the invariants, and the lookups they assert on.
// Test code only (it calls vitest's expect).
import { expect } from 'vitest';
import type { DissectOptions } from '../dissector';
import { dissectFrame } from '../engine';
import type { Field, Frame, Problem } from '../model';
import { fieldsById } from '../query';
import { invariantViolations } from './invariants';

/** Frame 1 dissected from `bytes` (Ethernet unless told), which must pass every invariant. */
export function decodeChecked(
  bytes: Uint8Array | readonly number[],
  linkType = 1,
  options: DissectOptions = {},
): Frame {
  const frame = dissectFrame(Uint8Array.from(bytes), linkType, 1, options);
  expect(invariantViolations(frame)).toEqual([]);
  return frame;
}

/** The first field of this id, at any depth; it must be there. */
export function firstField(frame: Frame, id: string): Field {
  const f = fieldsById(frame, id)[0];
  expect(f, id).toBeDefined();
  return f!;
}

export const problemOn = (frame: Frame, id: string): Problem | undefined =>
  frame.problems.find((p) => p.fieldId === id);
