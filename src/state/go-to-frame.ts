// Wireshark's "Go to packet" (Ctrl+G): the frame typed in the bar is selected in the packet list, or the bar says why
// it cannot be — there is no such frame, or the display filter hides it ("isn't displayed", in Wireshark's words).
import { selectPacket } from './capture-actions';
import { rowOfFrame } from './capture';
import { closeNavBar, countText as count, navStoreOf } from './find';
import type { AppStore } from './store';

/** Why frame `text` cannot be shown in the list now; undefined when it can. */
export function goToProblem(store: AppStore, text: string): string | undefined {
  const capture = store.getState().capture;
  if (!capture) return 'Open a capture to go to one of its frames.';
  const { frameCount, done, filter } = capture;
  const range = frameCount === 0 ? 'no frame is read yet' : `1 to ${count(frameCount)}${done ? '' : ' so far'}`;
  if (!/^\s*\d+\s*$/.test(text)) return `Type a frame number (${range}).`;
  const number = Number(text);
  if (number < 1 || number > frameCount)
    return frameCount === 0
      ? 'No frame is read yet.'
      : `There is no frame ${count(number)}: the capture has ${count(frameCount)} frames${done ? '' : ' so far'}.`;
  if (rowOfFrame(store, number) >= 0) return undefined;
  if (!filter.done && filter.scanned < number)
    return `The display filter has not reached frame ${count(number)} yet (${count(filter.scanned)} frames checked).`;
  return `Frame ${count(number)} isn't displayed: the display filter hides it.`;
}

/** Selects the frame typed in the Go to bar and closes the bar; false (the bar says why) when it cannot. */
export function goToFrame(store: AppStore): boolean {
  const nav = navStoreOf(store);
  const text = nav.getState().goToText;
  const problem = goToProblem(store, text);
  if (problem !== undefined) {
    nav.setState({ goToMessage: problem });
    return false;
  }
  selectPacket(store, Number(text));
  closeNavBar(store);
  return true;
}
