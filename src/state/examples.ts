// The examples menu's action: a sample frame (src/samples: public/samples, built into the page's script) opened as
// if pasted. No request is made, so it works the same offline, from a sub-path or from the single file.
import { SAMPLES } from '../samples';
import { replaceInput, showText } from './input-history';
import type { AppStore } from './store';

export { SAMPLES as EXAMPLES } from '../samples';

/** Puts an example's text in the input box, as if pasted, in place of the text or capture shown (Undo brings it back). */
export function openExample(store: AppStore, file: string): void {
  const example = SAMPLES.find((e) => e.file === file);
  if (!example) return;
  replaceInput(store, { label: `the example “${example.title}”` }, () => showText(store, example.text));
}
