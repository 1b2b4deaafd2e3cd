// Opening a file the user gave (picked, dropped, or pasted as a file). What it is comes from its bytes, by the sniffer
// the CLI uses (inputs/sniff.ts), never from its name: a capture opens in the packet list and a text dump goes into the
// text box, each in place of what was shown, which Undo brings back (input-history.ts). Anything else is not opened,
// and a message says what it is instead while the text or the capture on screen stays as it was.
import { sniffHead, sniffInput } from '../inputs/sniff';
import { MAX_PASTE_CHARS } from './actions';
import { openCapture, type NamedBlob } from './capture-actions';
import { refuseInput, replaceInput, showText } from './input-history';
import type { AppStore } from './store';

/** Enough of a file's start to say what it is, a gzip file's content included (the CLI reads as much). */
const HEAD_BYTES = 64 * 1024;

/** The latest file asked for, per store: a slow read of an earlier one must not replace a later one. */
const latest = new WeakMap<AppStore, number>();

async function bytesOf(file: Blob, end?: number): Promise<Uint8Array | { error: string }> {
  try {
    return new Uint8Array(await (end === undefined ? file : file.slice(0, end)).arrayBuffer());
  } catch (error) {
    // The file was moved or deleted since it was picked, or the browser may not read it.
    return { error: error instanceof Error ? error.message || error.name : String(error) };
  }
}

/** "Not opened: photo.pcap is a PNG image, not a capture or a hex dump. Your text is unchanged." */
function notOpened(store: AppStore, name: string, why: string, gzipName = false): void {
  // The name is no reason to read a file as gzip, but it explains why the user expected it.
  const hint = gzipName ? ' Its name ends in .gz, but it is not gzip-compressed.' : '';
  refuseInput(store, `Not opened: ${name} ${why}.${hint}`);
}

/** Opens whatever file the user gave, if its bytes are a capture or a text dump; otherwise says what they are. */
export async function openFile(store: AppStore, file: NamedBlob): Promise<void> {
  const ticket = (latest.get(store) ?? 0) + 1;
  latest.set(store, ticket);
  const superseded = () => latest.get(store) !== ticket;
  const name = file.name || 'the file';
  const head = await bytesOf(file, HEAD_BYTES);
  if (superseded()) return;
  if ('error' in head) return notOpened(store, name, `could not be read (${head.error})`);
  const sniffed = sniffHead(head);
  const gzipName = /\.(gz|gzip|tgz)$/i.test(name) && sniffed.kind !== 'gzip';
  if (sniffed.kind === 'capture') {
    replaceInput(store, { label: name, capture: file }, () => openCapture(store, file));
    return;
  }
  if (sniffed.kind !== 'looks-like-text') return notOpened(store, name, `is ${sniffed.message}`, gzipName);
  if (file.size > MAX_PASTE_CHARS) {
    const megabytes = (file.size / 1024 / 1024).toFixed(1);
    return notOpened(
      store,
      name,
      `is ${megabytes} MB of text; framescope decodes dumps of up to ${MAX_PASTE_CHARS / 1024 / 1024} MB in the page (write it to a pcap with text2pcap and open that, or run the CLI: npx framescope FILE)`,
    );
  }
  const whole = file.size <= head.length ? head : await bytesOf(file);
  if (superseded()) return;
  if ('error' in whole) return notOpened(store, name, `could not be read (${whole.error})`);
  const text = sniffInput(whole);
  if (text.kind !== 'dump') return notOpened(store, name, `is ${text.message}`, gzipName);
  replaceInput(store, { label: name }, () => showText(store, text.text));
}
