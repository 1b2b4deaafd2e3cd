// The example frames the app offers (public/samples/, written by `npm run samples`), built into the page's script:
// they open without a request — from any sub-path, offline, and in the single file opened from disk.
import catalogue from '../../public/samples/index.json';

export interface Sample {
  /** The file's name in public/samples/ (also served beside the built page, under samples/). */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  /** The frame as a hex dump, ready to paste. */
  readonly text: string;
}

const texts = import.meta.glob<string>('../../public/samples/*.txt', { query: '?raw', import: 'default', eager: true });

export const SAMPLES: readonly Sample[] = catalogue.flatMap((entry) => {
  const text = texts[`../../public/samples/${entry.file}`];
  return text === undefined ? [] : [{ ...entry, text }];
});
