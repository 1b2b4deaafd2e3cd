// The examples menu's action: a sample frame (src/samples: public/samples, built into the page's script) opened as
// if pasted. No request is made, so it works the same offline, from a sub-path or from the single file.
import { SAMPLES } from '../samples';
import { setInputText } from './actions';
import { closeCapture } from './capture-actions';
import type { AppStore } from './store';

export { SAMPLES as EXAMPLES } from '../samples';

/** Puts an example's text in the input box, as if pasted (a capture open in the tab is closed first). */
export function openExample(store: AppStore, file: string): void {
  const example = SAMPLES.find((e) => e.file === file);
  if (!example) return;
  closeCapture(store);
  setInputText(store, example.text);
}
