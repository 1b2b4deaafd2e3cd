// What the tracker says: facts per frame (kept in the FactsBook until a streaming caller forgets the frame), and
// events on the conversation's timeline (SYN, FIN, RST, and every stream note), up to a cap.
import type { FrameFacts, StreamEvent, StreamNote } from './model';
import type { FactsBook, Step } from './state';

/** The frame's facts, made on first use; a throwaway for a frame already forgotten. */
export function factsOf(book: FactsBook, frame: number): FrameFacts {
  if (frame <= book.forgotten) return { reassembledIn: [], notes: [] };
  let f = book.byFrame.get(frame);
  if (!f) book.byFrame.set(frame, (f = { reassembledIn: [], notes: [] }));
  return f;
}

/** An earlier frame learnt something (the PDU it began completed): its dissection is stale. */
export function markChanged(book: FactsBook, frame: number): void {
  if (frame > book.forgotten) book.changed.add(frame);
}

/** An event of this step's frame on the conversation's timeline. */
export function event(
  step: Step,
  code: StreamEvent['code'],
  message: string,
  severity?: StreamEvent['severity'],
): void {
  const events = step.flow.conversation.events;
  if (events.length >= step.state.caps.events) return;
  events.push({
    frame: step.record.number,
    direction: step.dir,
    code,
    message,
    ...(severity !== undefined ? { severity } : {}),
    ...(step.time !== undefined ? { time: step.time } : {}),
  });
}

/** A stream problem on this step's frame, and on the conversation's timeline. */
export function note(step: Step, n: StreamNote): void {
  factsOf(step.state.book, step.record.number).notes.push(n);
  event(step, n.code, n.message, n.severity);
}
