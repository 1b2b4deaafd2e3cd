// What the worker says when a frame's bytes can no longer be read back from the user's file (src/inputs/capture-bytes.ts,
// `ReadBack`): the file was changed, moved or deleted after it was opened. Every request that needed those bytes still
// answers, with these words.

/** Why bytes cannot be read back, after a colon. */
export const UNREADABLE_WHY = 'the file was changed, moved or deleted after it was opened';

/** "1 frame" / "3 frames" (before "can no longer be read"). */
export const unreadableFrames = (count: number): string =>
  `${count.toLocaleString('en')} ${count === 1 ? 'frame' : 'frames'}`;

/** The frame on screen cannot be shown. */
export const frameUnreadable = (number: number): string =>
  `Frame ${number}'s bytes can no longer be read: ${UNREADABLE_WHY}. Open it again to see them.`;

/** A pass over many frames (filter, Find, Expert, sort) ended without seeing `count` of them. */
export const passUnreadable = (count: number, what: string): string =>
  `${unreadableFrames(count)} could not be read back (${UNREADABLE_WHY}): ${what}. Open the file again to see them.`;

/** The Info of a row whose frame's bytes are gone: the index still knows its number, time and length. */
export const ROW_UNREADABLE = `Bytes no longer readable: ${UNREADABLE_WHY}`;
